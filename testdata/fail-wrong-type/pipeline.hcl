# Fails: values of the wrong type: needs as a string, a timeout as a number, retries as a
# string and allow_failure as a string; matrix axes that are not lists (one error each, not
# a second one saying the matrix or the axis is empty).
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

  stage "cells" {
    matrix {
      axes = { os = "linux", arch = [{ cpu = "arm64" }] }
    }
    step "unit" {
      run = "make test"
    }
  }
}
