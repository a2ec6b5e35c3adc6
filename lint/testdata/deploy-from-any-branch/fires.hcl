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
    image       = "alpine:3.20"
    environment = "production" # want
    step "s" { run = "./deploy.sh" }
    rollback {
      step "undo" { run = "./rollback.sh" }
    }
  }
  stage "preview" {
    image       = "alpine:3.20"
    environment = "staging" # want
    when        = ci.event == "manual"
    step "s" { run = "./deploy.sh" }
  }
}
