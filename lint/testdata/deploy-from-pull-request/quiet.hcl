pipeline "p" {
  on {
    push {
      branches = ["main"]
    }
    pull_request {}
    manual {
      input "hotfix" {
        type = "boolean"
      }
      input "target" {}
    }
  }
  defaults {
    timeout = "10m"
  }
  environment "staging" {
    branches = ["main"]
  }
  environment "hotfix" {}
  stage "deploy" {
    image       = "debian:12-slim"
    environment = "staging"
    step "s" { run = "./deploy.sh" }
  }
  # Only a manual run sets the inputs: a pull request's run has hotfix false and target
  # empty on every platform.
  stage "hotfix" {
    image       = "debian:12-slim"
    when        = input.hotfix && input.target != ""
    environment = "hotfix"
    step "s" { run = "./deploy.sh" }
  }
  # A preview environment of its own, which only pull-request runs deploy to. Forks' pull
  # requests get none of its credentials by default on every platform.
  environment "preview" {}
  stage "preview" {
    image       = "debian:12-slim"
    when        = ci.event == "pull_request"
    environment = "preview"
    step "s" { run = "./deploy-preview.sh" }
  }
}
