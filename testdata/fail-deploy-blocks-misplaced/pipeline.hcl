# Fails: deploy parts written where they do not belong. Each mistake is one error that
# says what was meant, and nothing that follows from it: a misspelt strategy is not also
# "switch steps without blue_green" or "deploy.slot has no value"; a block or attribute
# written in the wrong block says which block takes it, and switch steps written inside
# the strategy are not reported missing as well.
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

  stage "green" {
    needs       = ["swap"]
    environment = "prod"
    approval    = true
    strategy "blue_green" {
      switch {
        step "route" {
          run = "./route.sh"
        }
      }
    }
    step "deploy" {
      run         = "./deploy.sh --slot ${deploy.slot}"
      environment = "prod"
    }
  }

  stage "canary" {
    needs       = ["green"]
    environment = "prod"
    strategy "canary" {
      increments = [10, 50]
      rollback {
        step "undo" {
          run = "./undo.sh"
        }
      }
    }
    step "shift" {
      run = "./shift.sh ${deploy.weight}"
      verify {
        step "smoke" {
          run = "./smoke.sh"
        }
      }
    }
  }

  native "gitlab" {
    tags = ["deploy"]
  }
}
