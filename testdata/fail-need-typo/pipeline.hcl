# Fails: a stage needs "buld"; the message suggests "build".
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
}
