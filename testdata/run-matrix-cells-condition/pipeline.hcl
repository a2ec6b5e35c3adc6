# Runs for real (run-gitlab.txt): each cell of a matrix stage decides its condition, which
# reads an upstream output, when it starts. One cell of "test" runs and the other ends
# early: "package" after it still runs, as it does after a matrix whose condition GitLab
# decides cell by cell when it creates the pipeline (GitLab merges the cells' dotenv
# reports, and the early end of one cell once skipped "package"). Every cell of "probe"
# ends early, so "report" after it does not run. GitHub and Azure cannot test a matrix
# value against another value in a job's condition (errors). "ship" tests a matrix value
# or a tag: each cell decides it when it starts (as a rule on the matrix's variables it
# once left cell 1 out of the pipeline, which GitLab refused, since "announce" needs
# every cell); cell 2 runs, and so does "announce".
pipeline "run-matrix-cells-condition" {
  on {
    push {}
  }

  stage "version" {
    outputs = ["major"]
    step "compute" {
      run = "echo major=2 >> \"$PIPEC_OUTPUT\""
    }
  }

  stage "test" {
    needs = ["version"]
    matrix {
      axes = { major = ["1", "2"] }
    }
    when = stage.version.outputs.major == matrix.major
    step "test" {
      run = "echo \"testing major $((1 + ${matrix.major}))\""
    }
  }

  stage "package" {
    needs = ["test"]
    step "pack" {
      run = "echo \"packaging $((6 * 7))\""
    }
  }

  stage "probe" {
    needs = ["version"]
    matrix {
      axes = { major = ["7", "8"] }
    }
    when = stage.version.outputs.major == matrix.major
    step "probe" {
      run = "echo \"probing $((6 * 7))\""
    }
  }

  stage "report" {
    needs = ["probe"]
    step "report" {
      run = "echo \"reporting $((6 * 7))\""
    }
  }

  stage "ship" {
    needs = ["package"]
    matrix {
      axes = { major = ["1", "2"] }
    }
    when = matrix.major == "2" || ci.tag != ""
    step "ship" {
      run = "echo \"shipping major $((10 + ${matrix.major}))\""
    }
  }

  stage "announce" {
    needs = ["ship"]
    step "announce" {
      run = "echo \"announcing $((6 * 7))\""
    }
  }
}
