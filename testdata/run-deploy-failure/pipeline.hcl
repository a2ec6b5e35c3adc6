# A deploy whose verification fails: the rollback runs with the revision the build handed
# on, and the stage that needs the deploy does not run. Jobs run in dependency order.
pipeline "deploy-failure" {
  on {
    push {
      branches = ["main"]
    }
  }

  environment "prod" {
    url = "https://prod.example.com"
  }

  stage "build" {
    outputs = ["revision"]
    step "revision" {
      run = "echo \"revision=r-$(cat REVISION)\" >> \"$PIPEC_OUTPUT\" && echo \"1. built r-$(cat REVISION)\""
    }
  }

  stage "test" {
    needs = ["build"]
    step "unit" {
      run = "echo \"2. tested ${stage.build.outputs.revision}\""
    }
  }

  stage "deploy" {
    needs       = ["test", "build"]
    environment = "prod"
    step "ship" {
      run = "echo \"3. shipping ${stage.build.outputs.revision} to ${deploy.environment}\""
    }
    verify {
      step "smoke" {
        run = <<-EOT
          echo "4. smoke test against ${deploy.url} failed"
          exit 1
        EOT
      }
    }
    rollback {
      step "undo" {
        run = "echo \"5. rolling back ${deploy.environment} from ${stage.build.outputs.revision}\""
      }
    }
  }

  stage "announce" {
    needs = ["deploy"]
    step "post" {
      run = "echo \"announced the release\""
    }
  }
}
