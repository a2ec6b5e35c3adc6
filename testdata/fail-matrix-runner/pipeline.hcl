# Fails: a matrix over runners. Each way of writing it (a bare reference, an
# interpolation, a label in a list) is one matrix-runner error at the reference, saying
# cross-OS matrices are not supported and to write one stage per runner; not a wrong-type
# or interpolation-not-allowed error. A $${ is a literal and stays a label.
pipeline "fail-matrix-runner" {
  on {
    push {}
  }

  stage "bare" {
    matrix {
      axes = { os = ["linux", "windows"] }
    }
    runner = matrix.os
    step "test" {
      run = "make test"
    }
  }

  stage "interpolated" {
    matrix {
      axes = { os = ["linux", "windows"] }
    }
    runner = "${matrix.os}"
    step "test" {
      run = "make test"
    }
  }

  stage "labels" {
    matrix {
      axes = { os = ["linux", "windows"] }
    }
    runner = ["self-hosted", "$${literal}", "${matrix.os}"]
    step "test" {
      run = "make test"
    }
  }
}
