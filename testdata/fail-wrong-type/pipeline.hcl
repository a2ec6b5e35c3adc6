# Fails: values of the wrong type: needs as a string, a timeout as a number, retries as a
# string and allow_failure as a string; matrix axes that are not lists (one error each, not
# a second one saying the matrix or the axis is empty); strategy, options and paths values of
# the wrong type (one error each, not a second one saying the value is missing).
pipeline "fail-wrong-type" {
  on {
    push {}
    manual {
      input "region" {
        type    = "choice"
        options = [1.5]
      }
    }
  }

  environment "production" {}

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

  stage "canary" {
    environment = "production"
    strategy "canary" {
      increments = [10.5]
    }
    cache {
      paths = [1]
    }
    step "shift" {
      run = "./shift.sh"
    }
  }

  stage "rolling" {
    environment = "production"
    strategy "rolling" {
      batches = "three"
    }
    artifact "logs" {
      paths = [true]
    }
    step "roll" {
      run = "./roll.sh"
    }
  }
}
