# Fails: the rollback job of stage "deploy" is "deploy-rollback", and stage
# "Deploy_Rollback" differs from it only by case and "-" for "_": GitHub and CircleCI
# compare job ids without case, and Azure writes "-" as "_". The note points at the other.
pipeline "fail-job-names-differ-by-case" {
  on {
    push {
      branches = ["main"]
    }
  }

  environment "production" {}

  stage "deploy" {
    environment = "production"
    step "apply" {
      run = "make deploy"
    }
    rollback {
      step "undo" {
        run = "make undo"
      }
    }
  }

  stage "Deploy_Rollback" {
    needs = ["deploy"]
    step "report" {
      run = "make report"
    }
  }
}
