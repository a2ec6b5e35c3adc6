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
    image = "alpine:3.20"
    step "s" { run = "./x \"${secret.token}\"" }
  }
}
