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
    runner = ["self-hosted", "gpu"] # want
    step "s" { run = "pytest" }
  }
}
