# Fails: a condition written as a template, ${ } around a reference, as a run script
# writes it. HCL, CUE, JSON and YAML give the same error (in CUE and YAML a condition is
# a string, so it was an "unexpected character '$'" there).
pipeline "fail-when-interpolation" {
  on {
    push {}
  }

  stage "build" {
    when = "${ci.branch} == \"main\""
    step "compile" {
      run = "make"
    }
  }
}
