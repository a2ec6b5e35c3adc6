pipeline "p" {
  on {
    push {
      branches = ["main"]
    }
  }
  defaults {
    timeout = "10m"
  }
  secret "token" {}
  stage "a" {
    image = "debian:12-slim"
    step "s" { run = "./x \"${secret.token}\"" }
  }
}
