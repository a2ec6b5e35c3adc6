pipeline "p" {
  on {
    push {
      branches = ["main"]
    }
  }
  defaults {
    timeout = "10m"
  }
  env = {
    ACTIONS_ALLOW_UNSECURE_COMMANDS = "false"
  }
  stage "build" {
    image = "debian:12-slim"
    step "s" {
      env = { ACTIONS_STEP_DEBUG = "true" }
      run = "echo \"BUILD_DIR=$PWD/out\" >> \"$GITHUB_ENV\" && echo \"$PWD/bin\" >> \"$GITHUB_PATH\""
    }
  }
  # Other targets do not read the variable.
  stage "native" {
    image = "debian:12-slim"
    step "s" { run = "./build.sh" }
    native "gitlab" {
      variables = { ACTIONS_ALLOW_UNSECURE_COMMANDS = "true" }
    }
  }
  # Written to the env file as false, in a comment, or set for one command only.
  stage "env-file" {
    image = "debian:12-slim"
    step "s" {
      run = <<-EOT
        echo "ACTIONS_ALLOW_UNSECURE_COMMANDS=false" >> "$GITHUB_ENV"
        # echo "ACTIONS_ALLOW_UNSECURE_COMMANDS=true" >> "$GITHUB_ENV"
        ACTIONS_ALLOW_UNSECURE_COMMANDS=true ./legacy.sh
        echo "ACTIONS_ALLOW_UNSECURE_COMMANDS stays off"
        echo "BUILD_DIR=$PWD/out" >> "$GITHUB_ENV"
      EOT
    }
  }
}
