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
  stage "deploy" {
    image       = "debian:12-slim"
    environment = "staging"
    retries     = 2 # want
    step "s" { run = "./deploy.sh" }
  }
}
