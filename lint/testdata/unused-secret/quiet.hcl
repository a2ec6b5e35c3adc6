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
  secret "npm_token" {}
  stage "a" {
    image = "debian:12-slim"
    step "s" { run = "./x \"${secret.token}\"" }
  }
  # A native block uses a secret in the platform's own syntax.
  stage "publish" {
    image = "node:20-slim"
    step "s" { run = "npm publish" }
    native "github" {
      env = { NODE_AUTH_TOKEN = "$${{ secrets.NPM_TOKEN }}" }
    }
  }
}
