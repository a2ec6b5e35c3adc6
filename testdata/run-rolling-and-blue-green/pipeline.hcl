# Runs for real (run-github.txt): a rolling deploy runs its steps and verify once per
# batch (deploy.batch), one batch at a time; a blue/green deploy runs its steps against
# the idle slot (deploy.slot), verifies it, then a second job switches traffic. Neither
# rollback job runs.
pipeline "run-rolling-and-blue-green" {
  on {
    push {
      branches = ["main"]
    }
  }

  environment "fleet" {
    url = "https://fleet.example.com"
  }
  environment "web" {
    url      = "https://web.example.com"
    branches = ["main", "release/**"]
  }

  stage "fleet" {
    environment = "fleet"
    strategy "rolling" {
      batches      = 2
      max_parallel = 1
    }
    step "roll" {
      run = "echo \"rolling batch ${deploy.batch} of 2 in ${deploy.environment} (copy $BATCH_COPY)\""
      env = {
        BATCH_COPY = deploy.batch
      }
    }
    verify {
      step "check" {
        run = "echo \"batch ${deploy.batch} healthy; step env stays in its step: [$${BATCH_COPY:-}]\""
      }
    }
    rollback {
      step "undo" {
        run = "echo \"FLEET ROLLBACK\""
      }
    }
  }

  stage "web" {
    needs       = ["fleet"]
    environment = "web"
    strategy "blue_green" {}
    step "deploy-idle" {
      run = "echo \"deploying to idle slot ${deploy.slot}\" && echo \"${deploy.slot}\" > slot.txt"
    }
    verify {
      step "probe" {
        run = "echo \"probing slot $(cat slot.txt) of ${deploy.url}\""
      }
    }
    switch {
      step "swap" {
        run = "echo \"switching traffic to ${deploy.slot}\""
      }
    }
    rollback {
      step "swap-back" {
        run = "echo \"WEB ROLLBACK to ${deploy.slot}\""
      }
    }
  }
}
