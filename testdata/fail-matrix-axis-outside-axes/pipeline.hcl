# Fails: an axis written in the matrix block instead of inside axes. One error, with the
# hint where axes go; not a second one saying the matrix has no axes or lacks axes, nor
# one per reference to the axis. A matrix block without axes is one missing-attribute error,
# not a second one saying the matrix has no axes.
pipeline "fail-matrix-axis-outside-axes" {
  on {
    push {}
  }

  stage "deploy" {
    matrix {
      region = ["eu", "us"]
    }
    step "deploy" {
      run = "./deploy.sh ${matrix.region}"
    }
    step "check" {
      run = "./check.sh ${matrix.region}"
    }
  }

  stage "empty" {
    matrix {
      fail_fast = false
    }
    step "test" {
      run = "make test"
    }
  }
}
