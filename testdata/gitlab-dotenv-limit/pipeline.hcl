# Warns (gitlab/dotenv-limit): self-managed GitLab accepts at most 20 variables in a
# dotenv report; "build" declares 21 outputs, and "check" 20 plus the variable that tells
# the jobs after it that it ended early. "lint" (20 outputs, nothing else) fits.
pipeline "gitlab-dotenv-limit" {
  on {
    push {
      branches = ["main"]
    }
  }

  stage "build" {
    outputs = ["a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9", "a10", "a11", "a12", "a13", "a14", "a15", "a16", "a17", "a18", "a19", "a20"]
    step "write" {
      run = "echo a0=1 >> \"$PIPEC_OUTPUT\""
    }
  }

  stage "check" {
    needs   = ["build"]
    when    = stage.build.outputs.a0 == "1"
    outputs = ["b0", "b1", "b2", "b3", "b4", "b5", "b6", "b7", "b8", "b9", "b10", "b11", "b12", "b13", "b14", "b15", "b16", "b17", "b18", "b19"]
    step "write" {
      run = "echo b0=1 >> \"$PIPEC_OUTPUT\""
    }
  }

  stage "lint" {
    outputs = ["c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9", "c10", "c11", "c12", "c13", "c14", "c15", "c16", "c17", "c18", "c19"]
    step "write" {
      run = "echo c0=1 >> \"$PIPEC_OUTPUT\""
    }
  }

  stage "report" {
    needs = ["check", "lint"]
    step "read" {
      run = "echo ${stage.check.outputs.b0} ${stage.lint.outputs.c0}"
    }
  }
}
