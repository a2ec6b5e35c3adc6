# Fails: three stages need each other in a cycle.
pipeline "fail-needs-cycle" {
  on {
    push {}
  }

  stage "a" {
    needs = ["c"]
    step "s" {
      run = "echo a"
    }
  }

  stage "b" {
    needs = ["a"]
    step "s" {
      run = "echo b"
    }
  }

  stage "c" {
    needs = ["b"]
    step "s" {
      run = "echo c"
    }
  }
}
