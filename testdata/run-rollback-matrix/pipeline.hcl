# A matrix deployment rolls back each cell that failed, with that cell's values, and no
# other: the deploy to us fails, us alone is rolled back. GitHub runs the rollback steps
# at the end of each cell (a job after the matrix hears one result for all cells), GitLab
# has a rollback job per cell, CircleCI runs them in each cell; Azure has no matrix in a
# deployment job (error).
pipeline "rollback-matrix" {
  on {
    push {
      branches = ["main"]
    }
  }

  environment "prod" {}

  stage "deploy" {
    environment = "prod"
    matrix {
      axes = { region = ["eu", "us", "ap"] }
    }
    step "d" {
      run = "./deploy ${matrix.region}"
    }
    rollback {
      step "r" {
        run = "./undo ${matrix.region}"
      }
    }
  }
}
