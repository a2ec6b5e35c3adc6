# allow_failure belongs to the stage's last job alone: the 10% increment that fails stops
# the chain and runs the rollback, and a rollback that fails fails the pipeline (no
# continue-on-error on GitHub, no allow_failure on GitLab). Azure holds the whole chain in
# one deployment job, which is the stage's last job there: continueOnError: true.
pipeline "canary-allowed-failure-rollback" {
  on {
    push {}
  }

  environment "prod" {}

  stage "deploy" {
    environment   = "prod"
    allow_failure = true
    strategy "canary" {
      increments = [10]
    }
    step "shift" {
      run = "./shift.sh"
    }
    rollback {
      step "undo" {
        run = "./undo.sh"
      }
    }
  }
}
