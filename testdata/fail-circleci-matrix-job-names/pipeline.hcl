# Fails on CircleCI: it names each job of a matrix after the stage and the cell's values
# joined by "-". Cell v = "x" of stage "test" is job "test-x", which stage "test-x"
# already is; cells (x-y, z) and (x, y-z) of stage "build" are both "build-x-y-z".
pipeline "fail-circleci-matrix-job-names" {
  on {
    push {
      branches = ["main"]
    }
  }

  stage "test" {
    matrix {
      axes = {
        v = ["x", "y"]
      }
    }
    step "unit" {
      run = "make test V=${matrix.v}"
    }
  }

  stage "test-x" {
    step "extra" {
      run = "make test-x"
    }
  }

  stage "build" {
    needs = ["test", "test-x"]
    matrix {
      axes = {
        a = ["x-y", "x"]
        b = ["z", "y-z"]
      }
    }
    step "compile" {
      run = "make A=${matrix.a} B=${matrix.b}"
    }
  }
}
