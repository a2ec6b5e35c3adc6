# Fails: deploy parts written where they do not belong. Each mistake is one error that
# says what was meant, and nothing that follows from it: a misspelt strategy is not also
# "switch steps without blue_green" or "deploy.slot has no value".
pipeline "fail-deploy-blocks-misplaced" {
  on {
    push {
      branches = ["main"]
    }
  }

  environment "prod" {
    branches = ["main"]
  }

  stage "swap" {
    environment = "prod"
    strategy "bluegreen" {}
    step "deploy" {
      run = "./deploy.sh --slot ${deploy.slot}"
    }
    switch {
      step "route" {
        run = "./route.sh"
      }
    }
  }
}
