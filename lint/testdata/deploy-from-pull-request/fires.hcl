pipeline "p" {
  on {
    push {
      branches = ["main"]
    }
    pull_request {}
  }
  defaults {
    timeout = "10m"
  }
  environment "staging" {}
  stage "deploy" {
    image       = "alpine:3.20"
    environment = "staging" # want
    step "s" { run = "./deploy.sh" }
  }
}
