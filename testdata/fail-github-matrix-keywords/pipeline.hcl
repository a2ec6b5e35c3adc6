# Fails on GitHub: a matrix key named include or exclude is GitHub's own keyword there
# (a list of cells), and GitHub refuses the workflow. Each is one error, at the axis or
# at the first include entry that adds it; the other targets write the matrix.
pipeline "fail-github-matrix-keywords" {
  on {
    push {}
  }

  stage "test" {
    matrix {
      axes = {
        include = ["unit", "integration"]
      }
      include = [
        { include = "e2e", exclude = "slow" },
        { include = "smoke", exclude = "none" },
      ]
    }
    step "run" {
      run = "make test SUITE=${matrix.include} SKIP=${matrix.exclude}"
    }
  }
}
