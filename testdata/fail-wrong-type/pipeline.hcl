# Fails: values of the wrong type: needs as a string, a timeout as a number, retries as a
# string and allow_failure as a string.
pipeline "fail-wrong-type" {
  on {
    push {}
  }

  stage "build" {
    step "compile" {
      run = "make"
    }
  }

  stage "test" {
    needs         = "build"
    timeout       = 30
    retries       = "two"
    allow_failure = "yes"
    step "unit" {
      run = "make test"
    }
  }
}
