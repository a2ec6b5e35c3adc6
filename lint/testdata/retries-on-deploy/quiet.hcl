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
  stage "test" {
    image   = "alpine:3.20"
    retries = 2
    step "s" { run = "make test" }
  }
  stage "deploy" {
    image       = "alpine:3.20"
    environment = "staging"
    needs       = ["test"]
    step "s" { run = "./deploy.sh" }
  }
}
