# Runs for real (run-gitlab.txt): each cell of a matrix stage decides its condition, which
# reads an upstream output, when it starts. One cell of "test" runs and the other ends
# early: "package" after it still runs, as it does after a matrix whose condition GitLab
# decides cell by cell when it creates the pipeline (GitLab merges the cells' dotenv
# reports, and the early end of one cell once skipped "package"). Every cell of "probe"
# ends early, so "report" after it does not run. GitHub and Azure cannot test a matrix
# value against another value in a job's condition (errors).
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
}
