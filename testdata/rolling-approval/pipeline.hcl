# A rolling deploy to an environment with approval: one approval for every batch. On
# GitLab that is a manual job before the first wave, which names the environment
# (action: prepare, no deployment recorded) so that only the users allowed to deploy to
# a protected environment can approve it.
pipeline "rolling-approval" {
  on {
    push {
      branches = ["main"]
    }
  }

  environment "production" {
    url      = "https://fleet.example.com"
    approval = true
    branches = ["main"]
  }

  stage "build" {
    step "image" {
      run = "make image"
    }
  }

  stage "fleet" {
    needs       = ["build"]
    environment = "production"
    timeout     = "30m"
    strategy "rolling" {
      batches      = 3
      max_parallel = 2
    }
    step "roll" {
      run = "./roll.sh --batch ${deploy.batch}"
    }
    rollback {
      step "undo" {
        run = "./roll.sh --undo"
      }
    }
  }
}
