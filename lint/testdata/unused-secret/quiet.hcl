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
    image = "alpine:3.20"
    step "s" { run = "./x \"${secret.token}\"" }
  }
}
