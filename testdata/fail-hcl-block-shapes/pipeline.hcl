# Fails: blocks of a shape HCL cannot decode: a step without its name, and steps written
# as an attribute. Each is one error: the stage is not reported as having no steps too.
pipeline "fail-hcl-block-shapes" {
  on {
    push {}
  }

  stage "build" {
    step {
      run = "make"
    }
  }

  stage "test" {
    needs = ["build"]
    step = {
      unit = { run = "make test" }
    }
  }

  stage "deploy" {
    needs       = ["test"]
    environment = "prod"
    step "roll" {
      run = "./deploy.sh"
    }
    rollback {
      step {
        run = "./undo.sh"
      }
    }
  }

  environment "prod" {}
}
