# Runs for real (run-github.txt, run-gitlab.txt): a matrix stage whose condition tests
# matrix values alone runs only the cells that pass it, and the stages after it run.
# GitLab lists those cells in parallel:matrix, as GitHub lists them in the strategy: it
# once left the others out with rules on the matrix's variables, and then refused the
# pipeline, since "package" needs every cell of "build" and a needed job must exist. A
# matrix stage with a rollback gets one rollback job per chosen cell on GitLab.
pipeline "run-matrix-cells-chosen" {
  on {
    push {}
  }

  stage "build" {
    matrix {
      axes = { os = ["linux", "mac", "win"] }
    }
    when = matrix.os != "win"
    step "build" {
      run = "echo \"building on ${matrix.os}: $((6 * 7))\""
    }
  }

  stage "package" {
    needs = ["build"]
    step "pack" {
      run = "echo \"packaging $((6 * 7))\""
    }
  }

  stage "deploy" {
    needs = ["package"]
    matrix {
      axes = { region = ["eu", "us"] }
    }
    when = matrix.region == "eu"
    step "deploy" {
      run = "echo \"deploying to ${matrix.region}: $((6 * 7))\""
    }
    rollback {
      step "undo" {
        run = "echo \"undoing ${matrix.region}\""
      }
    }
  }

  stage "notify" {
    needs = ["deploy"]
    step "notify" {
      run = "echo \"notifying $((6 * 7))\""
    }
  }
}
