pipeline "p" {
  on {
    push {
      branches = ["main", "feature/*"]
    }
    manual {}
  }
  defaults {
    timeout = "10m"
  }
  environment "production" {
    approval = true
    branches = ["main"]
  }
  environment "staging" {
    approval = true
  }
  environment "review" {}
  stage "release" {
    image       = "debian:12-slim"
    environment = "production"
    step "s" { run = "./deploy.sh" }
  }
  # The stage's own condition names the branch.
  stage "stage" {
    image       = "debian:12-slim"
    environment = "staging"
    when        = ci.branch == "main"
    step "s" { run = "./deploy.sh" }
  }
  # Review apps are for any branch, and nothing guards them.
  stage "review" {
    image       = "debian:12-slim"
    environment = "review"
    step "s" { run = "./deploy.sh" }
  }
}
