pipeline "p" {
  on {
    push {
      branches = ["main"]
    }
    pull_request {}
    manual {
      input "redeploy" {
        type    = "boolean"
        default = true
      }
    }
  }
  defaults {
    timeout = "10m"
  }
  environment "staging" {}
  stage "deploy" {
    image       = "debian:12-slim"
    environment = "staging" # want
    step "s" { run = "./deploy.sh" }
  }
  # GitLab, CircleCI and Azure start a pull request's pipeline with the default: true.
  stage "redeploy" {
    image       = "debian:12-slim"
    when        = input.redeploy
    environment = "staging" # want
    step "s" { run = "./deploy.sh" }
  }
  # A native "github" if replaces the condition on GitHub, where it admits pull requests.
  stage "native-if" {
    image       = "debian:12-slim"
    when        = ci.event == "push"
    environment = "staging" # want
    step "s" { run = "./deploy.sh" }
    native "github" {
      if = "$${{ !startsWith(github.ref, 'refs/tags/') }}"
    }
  }
  # Only pull requests run it, but pushes deploy to staging too: a pull request replaces
  # what they put there.
  stage "pr-staging" {
    image       = "debian:12-slim"
    when        = ci.event == "pull_request"
    environment = "staging" # want
    step "s" { run = "./deploy.sh" }
  }
  # A preview never goes to production.
  environment "production" {
    approval = true
  }
  stage "pr-production" {
    image       = "debian:12-slim"
    when        = ci.event == "pull_request"
    environment = "production" # want
    step "s" { run = "./deploy.sh" }
  }
}
