pipeline "p" {
  on {
    push {
      branches = ["main"]
    }
    manual {
      input "legacy" {
        type    = "boolean"
        default = false
      }
    }
  }
  defaults {
    timeout = "10m"
  }
  env = {
    ACTIONS_ALLOW_UNSECURE_COMMANDS = "true" # want
  }
  stage "build" {
    image = "debian:12-slim"
    env   = { ACTIONS_ALLOW_UNSECURE_COMMANDS = input.legacy } # want
    step "s" {
      env = { ACTIONS_ALLOW_UNSECURE_COMMANDS = "TRUE" } # want
      run = "./build.sh"
    }
  }
  # A native block's job env and its steps' env.
  stage "native" {
    image = "debian:12-slim"
    step "s" { run = "./build.sh" }
    native "github" {
      env = {
        ACTIONS_ALLOW_UNSECURE_COMMANDS = true # want
      }
    }
  }
  stage "native-steps" {
    image = "debian:12-slim"
    step "s" { run = "./build.sh" }
    native "github" {
      steps = [
        {
          run = "./legacy-action.sh"
          env = { ACTIONS_ALLOW_UNSECURE_COMMANDS = "true" } # want
        },
      ]
    }
  }
  # A script that writes it to GitHub's env file, for the job's later steps.
  stage "env-file" {
    image = "debian:12-slim"
    step "legacy" { # want
      run = "echo \"ACTIONS_ALLOW_UNSECURE_COMMANDS=true\" >> \"$GITHUB_ENV\""
    }
    step "here-doc" { # want
      run = <<-EOT
        cat >> "$GITHUB_ENV" <<EOF
        ACTIONS_ALLOW_UNSECURE_COMMANDS=true
        EOF
      EOT
    }
    # Through a variable holding the file's name, tee, printf's arguments, a group.
    step "through-variable" { # want
      run = <<-EOT
        env_file="$GITHUB_ENV"
        echo "ACTIONS_ALLOW_UNSECURE_COMMANDS=true" >> "$env_file"
      EOT
    }
    step "tee" { # want
      run = <<-EOT
        echo ACTIONS_ALLOW_UNSECURE_COMMANDS=true |
          tee -a "$GITHUB_ENV"
      EOT
    }
    step "printf" { # want
      run = "printf '%s=%s\\n' ACTIONS_ALLOW_UNSECURE_COMMANDS true >>$GITHUB_ENV"
    }
    step "group" { # want
      run = <<-EOT
        {
          echo "NODE_ENV=production"
          echo "ACTIONS_ALLOW_UNSECURE_COMMANDS=true"
        } >> "$GITHUB_ENV"
      EOT
    }
    native "github" {
      steps = [
        { run = "echo ACTIONS_ALLOW_UNSECURE_COMMANDS=1 >> $GITHUB_ENV" }, # want
      ]
    }
  }
}
