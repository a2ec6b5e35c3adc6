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
  # A native block that chooses a self-hosted runner for one target.
  stage "native" {
    image = "python:3.12"
    step "s" { run = "pytest" }
    native "github" {
      runs-on = ["self-hosted", "linux"] # want
    }
  }
  stage "native-gitlab" {
    image = "python:3.12"
    step "s" { run = "pytest" }
    native "gitlab" {
      tags = ["gpu"] # want
    }
  }
  stage "native-circleci" {
    image = "python:3.12"
    step "s" { run = "pytest" }
    native "circleci" {
      resource_class = "acme/gpu" # want
    }
  }
  stage "native-azure" {
    image = "python:3.12"
    step "s" { run = "pytest" }
    native "azure" {
      pool = { name = "build-agents" } # want
    }
  }
}
