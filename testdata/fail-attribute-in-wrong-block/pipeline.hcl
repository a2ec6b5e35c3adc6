# Fails: attributes written one level too high, outside the block they belong in: a run
# in a stage and in a rollback (a step's), branches in on (a push's), a runner in the
# pipeline (the defaults'). Each is one error naming that block; the stage and the
# rollback are not reported as having no steps, nor on as having no trigger.
pipeline "fail-attribute-in-wrong-block" {
  runner = "linux"

  on {
    branches = ["main"]
  }

  environment "prod" {}

  stage "build" {
    run = "make"
  }

  stage "deploy" {
    needs       = ["build"]
    environment = "prod"
    step "roll" {
      run = "./deploy.sh"
    }
    rollback {
      run = "./undo.sh"
    }
  }
}
