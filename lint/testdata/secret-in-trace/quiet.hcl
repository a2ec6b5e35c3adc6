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
    # Tracing turned off before the secret is expanded; set -x in a comment and in text.
    step "upload" {
      run = "set -x\n./build.sh\n{ set +x; } 2>/dev/null\n./upload.sh --token \"$TOKEN\""
      env = {
        TOKEN = secret.deploy_token
      }
    }
    step "notify" {
      run = "# set -x   # uncomment to debug\necho 'rerun with set -x to debug'\n./notify.sh"
      env = {
        TOKEN = secret.deploy_token
      }
    }
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
