pipeline "p" {
  on {
    push {
      branches = ["main"]
    }
  }
  defaults {
    timeout = "10m"
  }
  environment "production" {
    approval = true
  }
  stage "deploy" {
    image       = "debian:12-slim"
    environment = "production"
    strategy "rolling" { # want
      batches = 3
    }
    step "s" { run = "./deploy.sh \"${deploy.batch}\"" }
  }
}
