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
    image       = "alpine:3.20"
    environment = "qa"
    step "s" { run = "./deploy.sh qa" }
  }
}
