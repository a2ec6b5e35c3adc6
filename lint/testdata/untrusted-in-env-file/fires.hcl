pipeline "p" {
  on {
    push {
      branches = ["main"]
    }
    manual {
      input "note" {}
      input "tools" {
        type = "string"
      }
    }
  }
  defaults {
    timeout = "10m"
  }
  stage "build" {
    image   = "debian:12-slim"
    outputs = ["label"]
    # A note of "x\nBASH_ENV=/tmp/evil.sh" adds a variable that runs in every later step.
    step "env" {
      run = "echo \"NOTE=${input.note}\" >> \"$GITHUB_ENV\"" # want
    }
    # The same value through the step's env, or a variable the script gives it.
    step "carried" {
      run = "echo \"NOTE=$NOTE\" >> \"$GITHUB_ENV\"" # want
      env = { NOTE = input.note }
    }
    step "assigned" {
      run = "n=\"${input.note}\"; printf 'NOTE=%s\\n' \"$n\" >> \"$GITHUB_ENV\"" # want
    }
    step "heredoc" {
      run = <<-EOT
        cat >> "$GITHUB_ENV" <<EOF
        NOTE=${input.note} # want
        EOF
      EOT
    }
    step "path" {
      run = "echo \"${input.tools}\" >> \"$GITHUB_PATH\"" # want
    }
    # A second line forges another output a later stage may trust.
    step "output" {
      run = "echo \"label=${input.note}\" >> \"$PIPEC_OUTPUT\"" # want
    }
  }
  stage "use" {
    image = "debian:12-slim"
    needs = ["build"]
    step "s" { run = "echo \"${stage.build.outputs.label}\"" }
  }
}
