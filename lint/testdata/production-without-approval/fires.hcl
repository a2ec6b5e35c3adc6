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
    image       = "alpine:3.20"
    environment = "production"
    step "s" { run = "./deploy.sh" }
  }
  environment "eu-west-prod" {} # want
  stage "deploy-eu" {
    image       = "alpine:3.20"
    environment = "eu-west-prod"
    when        = ci.branch == "main"
    step "s" { run = "./deploy.sh" }
  }
  # The canary asks before each increase, not before its first 10%.
  environment "live" { # want
    branches = ["main"]
  }
  stage "rollout" {
    image       = "alpine:3.20"
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
