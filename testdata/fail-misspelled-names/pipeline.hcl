# Fails: names misspelled where something is required. Each typo is one error with its
# "did you mean", and nothing more: the trigger, step, attribute or block the typo should
# have been is not reported missing as well.
pipeline "fail-misspelled-names" {
  on {
    psuh {
      branches = ["main"]
    }
    manual {
      input "target" {
        type   = "choice"
        optins = ["dev", "prod"]
      }
      input "region" {
        type   = "choice"
        values = ["eu", "us"] # a synonym, not a typo: did you mean "options"
      }
    }
  }

  environment "prod" {}

  stage "build" {
    stpe "compile" {
      run = "make"
    }
  }

  stage "test" {
    needs = ["build"]
    matrix {
      axs = {
        os = ["linux"]
      }
    }
    step "unit" {
      rnu = "make test"
    }
  }

  stage "deploy" {
    needs       = ["test"]
    environment = "prod"
    strategy "canary" {
      incremnts = [10, 50]
    }
    step "roll" {
      run = "./deploy.sh ${deploy.weight}"
    }
    verify {
      setp "smoke" {
        run = "./smoke.sh"
      }
    }
  }

  stage "swap" {
    needs       = ["deploy"]
    environment = "prod"
    strategy "blue_green" {}
    step "stage" {
      run = "./stage.sh"
    }
    swithc {
      step "flip" {
        run = "./flip.sh"
      }
    }
  }
}
