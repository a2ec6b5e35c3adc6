pipeline "p" {
  on {
    push {
      branches = ["main"]
    }
  }
  defaults {
    timeout = "10m"
  }
  environment "staging" {}
  stage "lint" {
    image         = "debian:12-slim"
    allow_failure = true
    step "s" { run = "make lint" }
  }
  stage "deploy" {
    image       = "debian:12-slim"
    environment = "staging"
    step "s" { run = "./deploy.sh" }
  }
}
