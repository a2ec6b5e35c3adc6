pipeline "p" {
  on {
    push {
      branches = ["main"]
    }
  }
  defaults {
    timeout = "10m"
  }
  environment "qa" {}
  stage "a" {
    image       = "debian:12-slim"
    environment = "qa"
    step "s" { run = "./deploy.sh qa" }
  }
}
