# Fails: a step sets "working_dir" instead of working_directory, and "continue_on_eror".
pipeline "fail-step-attribute-typo" {
  on {
    push {}
  }

  stage "build" {
    step "compile" {
      working_dir      = "src"
      continue_on_eror = true
      run              = "make"
    }
  }
}
