# retries re-run a stage's own steps when they fail; a deploy's verify, switch and
# rollback steps run once, on every target, so a failing check is not retried until it
# passes.
pipeline "retries-deploy-phases" {
  on {
    push {
      branches = ["main"]
    }
  }

  environment "shop" {
    url = "https://shop.example.com"
  }

  defaults {
    retries = 2
  }

  stage "release" {
    environment = "shop"
    strategy "blue_green" {}
    step "deploy" {
      run = "./deploy.sh --slot ${deploy.slot}"
    }
    verify {
      step "smoke" {
        run = "./smoke.sh --slot ${deploy.slot}"
      }
    }
    switch {
      step "route" {
        run = "./route.sh --to ${deploy.slot}"
      }
    }
    rollback {
      step "undo" {
        run = "./route.sh --back"
      }
    }
  }
}
