# A stage that deploys to no environment may still have verify and rollback steps: every
# target runs the rollback when the stage failed. Azure has no lifecycle hooks outside a
# deployment job, so the rollback steps end the job with condition: failed().
pipeline "rollback-without-environment" {
  on {
    push {
      branches = ["main"]
    }
  }

  stage "migrate" {
    step "apply" {
      run = "./migrate.sh up --branch \"${ci.branch}\""
    }
    verify {
      step "check" {
        run = "./migrate.sh status"
      }
    }
    rollback {
      step "down" {
        run = "./migrate.sh down --tag \"${ci.tag}\""
      }
    }
  }
}
