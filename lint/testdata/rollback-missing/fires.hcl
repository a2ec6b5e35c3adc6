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
    image       = "alpine:3.20"
    environment = "production"
    strategy "rolling" { # want
      batches = 3
    }
    step "s" { run = "./deploy.sh \"${deploy.batch}\"" }
  }
}
