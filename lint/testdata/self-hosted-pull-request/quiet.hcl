pipeline "p" {
  on {
    push {
      branches = ["main"]
    }
    pull_request {}
  }
  defaults {
    timeout = "10m"
  }
  stage "gpu-test" {
    runner = ["self-hosted", "gpu"]
    when   = ci.event == "push"
    step "s" { run = "pytest" }
  }
  stage "unit" {
    runner = "linux"
    image  = "python:3.12"
    step "s" { run = "pytest" }
  }
}
