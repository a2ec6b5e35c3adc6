# Fails: "-x" and "build-dir" are no valid stage or output names. Each is one bad-name
# error, not also a name-collision with "_x" or "build_dir", whose variable forms
# (_X, BUILD_DIR) they share: renaming them changes those too.
pipeline "fail-bad-name-not-a-collision" {
  on {
    push {}
  }

  stage "_x" {
    outputs = ["build_dir", "build-dir"]
    step "s" {
      run = "echo build_dir=out >> \"$PIPEC_OUTPUT\""
    }
  }

  stage "-x" {
    step "s" {
      run = "make"
    }
  }
}
