# Fails: two stages share a name; the note points at the first.
pipeline "fail-duplicate-stage" {
  on {
    push {}
  }

  stage "test" {
    step "unit" {
      run = "make test"
    }
  }

  stage "test" {
    step "integration" {
      run = "make integration"
    }
  }
}
