# Fails: one error per mistake in needs. Stage "a" needs itself twice: a self-need at the
# first and a duplicate at the second, not a second self-need. Stage "b" needs an unknown
# stage twice: unknown at the first, a duplicate at the second.
pipeline "fail-need-listed-twice" {
  on {
    push {}
  }

  stage "a" {
    needs = ["a", "a"]
    step "x" {
      run = "echo"
    }
  }

  stage "b" {
    needs = ["a", "zzz", "zzz"]
    step "x" {
      run = "echo"
    }
  }
}
