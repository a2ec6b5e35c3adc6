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
  # A native key of the same word is not a use.
  secret "api_key" {} # want
  stage "b" {
    image = "debian:12-slim"
    step "s" { run = "./x" }
    native "github" {
      env = { API_KEY = "none" }
    }
  }
}
