pipeline "p" {
  on {
    push {
      branches = ["main"]
    }
  }
  defaults {
    timeout = "10m"
  }
  secret "old_token" {} # want
  secret "token" {}
  stage "a" {
    image = "debian:12-slim"
    step "s" { run = "./x \"${secret.token}\"" }
  }
}
