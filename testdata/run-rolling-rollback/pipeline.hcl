# Runs for real (run-github.txt, run-gitlab.txt): batch 2 of a rolling deploy fails its
# check, and the rollback reads deploy.batch. The rollback job runs once after the
# batches (GitHub, GitLab), for the stage as a whole, so it reads batch 0, as a canary's
# rollback reads weight 0; CircleCI rolls back inside the failed batch's job (that batch)
# and Azure on each machine (its name).
pipeline "run-rolling-rollback" {
  on {
    push {
      branches = ["main"]
    }
  }

  environment "fleet" {
    url = "https://fleet.example.com"
  }

  stage "fleet" {
    environment = "fleet"
    strategy "rolling" {
      batches      = 2
      max_parallel = 1
    }
    step "roll" {
      run = "echo \"rolling batch ${deploy.batch} of 2\""
    }
    verify {
      step "health" {
        run = <<-EOT
          if [ "${deploy.batch}" = 2 ]; then
            echo "batch ${deploy.batch} unhealthy"
            exit 1
          fi
          echo "batch ${deploy.batch} healthy"
        EOT
      }
    }
    rollback {
      step "undo" {
        run = "echo \"rolling back batch [${deploy.batch}] of ${deploy.environment}\""
        env = {
          UNDO_BATCH = deploy.batch
        }
      }
    }
  }
}
