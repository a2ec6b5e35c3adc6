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
    image = "alpine:3.20"
    step "push" { # want
      run = "set -eux; ./push.sh"
      env = {
        TOKEN = secret.deploy_token
      }
    }
  }
}
