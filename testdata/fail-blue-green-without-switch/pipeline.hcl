# Fails: a blue_green deploy without switch steps; and switch steps on a canary stage.
pipeline "fail-blue-green-without-switch" {
  on {
    push {}
  }

  environment "production" {}

  stage "web" {
    environment = "production"
    strategy "blue_green" {}
    step "deploy" {
      run = "./deploy.sh --slot ${deploy.slot}"
    }
  }

  stage "api" {
    environment = "production"
    strategy "canary" {
      increments = [20]
    }
    step "deploy" {
      run = "./deploy.sh --weight ${deploy.weight}"
    }
    switch {
      step "swap" {
        run = "./swap.sh"
      }
    }
  }
}
