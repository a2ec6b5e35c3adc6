# A condition written as the bare word true: HCL reads when = true as the condition true,
# and CUE, JSON and YAML read when: true (a boolean, not a string) the same way. It holds
# on every run, so the stage is written with no condition.
pipeline "when-written-as-bool" {
  on {
    push {
      branches = ["main"]
    }
  }

  stage "build" {
    when = true
    step "compile" {
      run = "make"
    }
  }
}
