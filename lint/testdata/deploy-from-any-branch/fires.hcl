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
  }
  environment "staging" {
    approval = true
  }
  stage "release" {
    image       = "debian:12-slim"
    environment = "production" # want
    step "s" { run = "./deploy.sh" }
    rollback {
      step "undo" { run = "./rollback.sh" }
    }
  }
  stage "preview" {
    image       = "debian:12-slim"
    environment = "staging" # want
    when        = ci.event == "manual"
    step "s" { run = "./deploy.sh" }
  }
}
