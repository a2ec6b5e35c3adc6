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
    image   = "debian:12-slim"
    retries = 2
    step "s" { run = "make test" }
  }
  stage "deploy" {
    image       = "debian:12-slim"
    environment = "staging"
    needs       = ["test"]
    step "s" { run = "./deploy.sh" }
  }
}
