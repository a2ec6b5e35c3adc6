pipeline "p" {
  on {
    push {
      branches = ["main"]
    }
  }
  defaults {
    timeout = "10m"
  }
  environment "production" { # want
    branches = ["main"]
  }
  stage "deploy" {
    image       = "debian:12-slim"
    environment = "production"
    step "s" { run = "./deploy.sh" }
  }
  environment "eu-west-prod" {} # want
  stage "deploy-eu" {
    image       = "debian:12-slim"
    environment = "eu-west-prod"
    when        = ci.branch == "main"
    step "s" { run = "./deploy.sh" }
  }
  # A numbered production (prod1, prd02) is production too.
  environment "prod2" { # want
    branches = ["main"]
  }
  stage "deploy-2" {
    image       = "debian:12-slim"
    environment = "prod2"
    step "s" { run = "./deploy.sh" }
  }
  # The canary asks before each increase, not before its first 10%.
  environment "live" { # want
    branches = ["main"]
  }
  stage "rollout" {
    image       = "debian:12-slim"
    environment = "live"
    strategy "canary" {
      increments = [10, 50]
      approval   = true
    }
    step "s" { run = "./shift.sh" }
    rollback {
      step "undo" { run = "./undo.sh" }
    }
  }
}
