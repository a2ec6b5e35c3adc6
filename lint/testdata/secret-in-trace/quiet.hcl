pipeline "p" {
  on {
    push {
      branches = ["main"]
    }
  }
  defaults {
    timeout = "10m"
  }
  secret "deploy_token" {}
  stage "deploy" {
    image = "debian:12-slim"
    step "debug" { run = "set -x; ls -la" }
    step "push" {
      run = "set -eu; ./push.sh"
      env = {
        TOKEN = secret.deploy_token
      }
    }
  }
  identity "platform" {
    oidc {
      audience = "https://platform.example.com"
      env      = "PLATFORM_TOKEN"
    }
  }
  stage "register" {
    image    = "debian:12-slim"
    identity = "platform"
    step "login" {
      run = "platform login --token \"$PLATFORM_TOKEN\""
    }
    step "debug" { run = "set -x; platform status" }
  }
}
