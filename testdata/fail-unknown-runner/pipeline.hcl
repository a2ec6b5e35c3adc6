# Fails: "ubuntu-latest" is not a runner class (a platform label); "macOS" is a case typo.
pipeline "fail-unknown-runner" {
  on {
    push {}
  }

  defaults {
    runner = "ubuntu-latest"
  }

  stage "build" {
    runner = "macOS"
    step "compile" {
      run = "make"
    }
  }
}
