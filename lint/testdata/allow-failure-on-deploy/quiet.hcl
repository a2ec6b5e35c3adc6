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
    image         = "alpine:3.20"
    allow_failure = true
    step "s" { run = "make lint" }
  }
  stage "deploy" {
    image       = "alpine:3.20"
    environment = "staging"
    step "s" { run = "./deploy.sh" }
  }
}
