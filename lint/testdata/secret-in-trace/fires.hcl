pipeline "p" {
  on {
    push {
      branches = ["main"]
    }
  }
  env = {
    CI_DEBUG_TRACE = "true" # want
  }
  defaults {
    timeout = "10m"
  }
  secret "deploy_token" {}
  stage "deploy" {
    image = "debian:12-slim"
    step "push" { # want
      run = "set -eux; ./push.sh"
      env = {
        TOKEN = secret.deploy_token
      }
    }
    # A set +x in text turns nothing off.
    step "upload" { # want
      run = "set -x\n./build.sh\necho 'set +x'\n./upload.sh --token \"${secret.deploy_token}\""
    }
  }
  identity "platform" {
    oidc {
      audience = "https://platform.example.com"
      env      = "PLATFORM_TOKEN"
    }
  }
  # The identity's token is a bearer credential too.
  stage "register" {
    image    = "debian:12-slim"
    identity = "platform"
    step "login" { # want
      run = "set -x; platform login --token \"$PLATFORM_TOKEN\""
    }
  }
}
