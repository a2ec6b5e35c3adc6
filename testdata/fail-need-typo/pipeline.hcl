# Fails: a stage needs "buld"; the message suggests "build". Stage "deploy" needs "deplo"
# and reads stage "deploi": neither message suggests "deploy" itself, which a stage never
# needs nor reads.
pipeline "fail-need-typo" {
  on {
    push {}
  }

  stage "build" {
    step "compile" {
      run = "make"
    }
  }

  stage "test" {
    needs = ["buld"]
    step "unit" {
      run = "make test"
    }
  }

  stage "deploy" {
    needs = ["deplo"]
    step "unit" {
      run = "echo ${stage.deploi.outputs.url}"
    }
  }
}
