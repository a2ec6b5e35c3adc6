pipeline "p" {
  on {
    push {
      branches = ["main"]
    }
  }
  environment "production" {
    approval = true
  }
  stage "deploy" {
    image       = "debian:12-slim"
    environment = "production"
    timeout     = "20m"
    strategy "canary" {
      increments = [10, 25, 50]
    }
    step "shift" { run = "./shift.sh \"${deploy.weight}\"" }
    rollback {
      step "undo" { run = "./shift.sh 0" }
    }
  }
}
