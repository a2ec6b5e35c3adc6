# Runs for real (run-github.txt): a stage reads the checkout and hands values on as
# outputs; `when` conditions on those outputs, on ci values and with startswith() skip the
# publish stage (and the stage after it) and run the dry-run path instead; a canary deploy
# then runs one job per weight, with verify, and its rollback job stays skipped. Inputs
# read as their defaults in a push run, on GitHub as elsewhere.
pipeline "run-release-gate" {
  on {
    push {
      branches = ["main"]
    }
    manual {
      input "publish" {
        type        = "boolean"
        default     = false
        description = "Publish even without a release flag"
      }
      input "level" {
        default = "info"
      }
      input "notify" {
        type    = "boolean"
        default = true
      }
    }
  }

  env = {
    APP = "gate-demo"
  }

  environment "demo" {
    url      = "https://demo.example.com"
    branches = ["main"]
  }

  stage "version" {
    outputs = ["version", "publish"]
    step "read" {
      run = <<-EOT
        version="$(cat VERSION)"
        echo "read VERSION $version"
        echo "version=$version" >> "$PIPEC_OUTPUT"
        echo "publish=false" >> "$PIPEC_OUTPUT"
      EOT
    }
  }

  stage "publish" {
    needs = ["version"]
    when  = stage.version.outputs.publish == "true" || input.publish
    step "upload" {
      run = "echo \"PUBLISHED ${stage.version.outputs.version}\""
    }
  }

  stage "announce" {
    needs = ["publish"]
    step "post" {
      run = "echo \"ANNOUNCED after publish\""
    }
  }

  stage "dry-run" {
    needs = ["version"]
    when  = !(stage.version.outputs.publish == "true") && startswith(ci.ref, "refs/heads/") && (ci.event == "push" || ci.event == "manual")
    step "plan" {
      run = "echo \"dry run: would publish $APP ${stage.version.outputs.version} from ${ci.branch}\""
    }
    step "inputs" {
      run = "echo \"inputs outside a manual run: level=${input.level} notify=${input.notify}\""
    }
  }

  stage "deploy" {
    needs       = ["dry-run", "version"]
    environment = "demo"
    strategy "canary" {
      increments = [25]
    }
    step "shift" {
      run = "echo \"shift ${deploy.environment} to ${deploy.weight}% with ${stage.version.outputs.version}\""
    }
    verify {
      step "check" {
        run = "echo \"verified ${deploy.weight}% at ${deploy.url}\""
      }
    }
    rollback {
      step "undo" {
        run = "echo \"ROLLED BACK\""
      }
    }
  }

  stage "done" {
    needs = ["deploy"]
    step "marker" {
      run = "echo \"release gate finished: publish skipped, canary done\""
    }
  }
}
