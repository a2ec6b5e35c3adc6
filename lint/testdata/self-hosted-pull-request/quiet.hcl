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
  # Native blocks that choose hosted runners.
  stage "native" {
    image = "python:3.12"
    step "s" { run = "pytest" }
    native "github" {
      runs-on = "ubuntu-24.04"
    }
    native "gitlab" {
      tags = ["saas-linux-medium-amd64"]
    }
    native "circleci" {
      resource_class = "large"
    }
    native "azure" {
      pool = { vmImage = "ubuntu-24.04" }
    }
  }
}
