# What Azure cannot express, each an error with the spec's position and [azure/...]:
# a canary deployment's outputs and artifacts (Azure names them per increment), and two
# stages that become one Azure name ("deploy" is reserved, so it becomes deploy_stage).
# The other targets compile it.
pipeline "fail-azure-strategy-limits" {
  on {
    push {
      branches = ["main"]
    }
  }

  environment "production" {}

  stage "deploy" {
    step "prepare" {
      run = "echo preparing"
    }
  }

  stage "deploy_stage" {
    needs       = ["deploy"]
    environment = "production"
    outputs     = ["version"]
    strategy "canary" {
      increments = [25]
    }
    step "shift" {
      run = "./shift.sh ${deploy.weight} && echo version=1 >> \"$PIPEC_OUTPUT\""
    }
    artifact "report" {
      paths = ["report.txt"]
    }
  }

  stage "announce" {
    needs = ["deploy_stage"]
    step "post" {
      run = "echo ${stage.deploy_stage.outputs.version}"
    }
  }
}
