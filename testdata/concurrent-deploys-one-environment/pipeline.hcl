# Three stages deploy to production at once (none needs another), then a fourth after
# them. GitHub keeps one running and one pending job per concurrency group, so with one
# group for the environment the third deploy queued would cancel the one waiting: each of
# the three gets a group of its own (rollback included). The stage after them, and the
# staging deploy, which no other stage can overlap, keep the environment's group.
pipeline "concurrent-deploys-one-environment" {
  on {
    push {
      branches = ["main"]
    }
  }

  environment "staging" {}
  environment "production" {
    url = "https://shop.example.com"
  }

  stage "build" {
    step "image" {
      run = "make image"
    }
  }

  stage "staging" {
    needs       = ["build"]
    environment = "staging"
    step "deploy" {
      run = "./deploy.sh staging"
    }
  }

  stage "api" {
    needs       = ["staging"]
    environment = "production"
    step "deploy" {
      run = "./deploy.sh api"
    }
  }

  stage "web" {
    needs       = ["staging"]
    environment = "production"
    strategy "canary" {
      increments = [20]
    }
    step "deploy" {
      run = "./deploy.sh web --weight ${deploy.weight}"
    }
    rollback {
      step "undo" {
        run = "./deploy.sh web --weight 0"
      }
    }
  }

  stage "worker" {
    needs       = ["staging"]
    environment = "production"
    step "deploy" {
      run = "./deploy.sh worker"
    }
  }

  stage "smoke" {
    needs       = ["api", "web", "worker"]
    environment = "production"
    step "check" {
      run = "./smoke.sh"
    }
  }
}
