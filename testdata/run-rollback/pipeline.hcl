# A canary whose check fails at 50%: the 100% increment never runs, the rollback job runs
# and sees the weight it must undo, and a failure upstream of a deploy rolls nothing back.
pipeline "rollback-demo" {
  on {
    push {
      branches = ["main"]
    }
  }

  environment "prod" {
    url      = "https://prod.example.com"
    branches = ["main"]
  }

  stage "build" {
    outputs = ["revision"]
    step "revision" {
      run = "echo \"revision=r-$(cat REVISION)\" >> \"$PIPEC_OUTPUT\""
    }
  }

  stage "deploy" {
    needs       = ["build"]
    environment = "prod"
    strategy "canary" {
      increments = [10, 50]
    }
    step "shift" {
      run = "echo \"shift ${deploy.environment} to ${deploy.weight}% with ${stage.build.outputs.revision}\" && echo \"${deploy.weight}\" > weight"
    }
    verify {
      step "health" {
        run = <<-EOT
          w=$(cat weight)
          if [ "$w" -ge 50 ]; then
            echo "health check failed at $w%"
            exit 1
          fi
          echo "healthy at $w%"
        EOT
      }
    }
    rollback {
      step "undo" {
        run = "echo \"rolling back ${deploy.environment} (${stage.build.outputs.revision})\""
      }
    }
  }

  stage "notify" {
    needs = ["deploy"]
    step "done" {
      run = "echo \"deployed everywhere\""
    }
  }
}
