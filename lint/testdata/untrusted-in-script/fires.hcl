pipeline "p" {
  on {
    push {
      branches = ["main", "release/*"]
    }
    pull_request {}
    manual {
      input "note" {}
      input "count" {}
    }
  }
  defaults {
    timeout = "10m"
  }
  stage "tag" {
    image = "debian:12-slim"
    step "s" {
      run = "git tag build-${ci.branch} && echo \"${ci.branch}\"" # want
    }
    step "note" {
      run = "echo ${input.note}" # want
    }
    # A declaration keeps its assignments whole, not the command after it.
    step "export" {
      run = "export NOTE=${input.note}; echo ${input.note}" # want
    }
    # A command substitution starts its own quoting, inside double quotes too.
    step "substitution" {
      run = "msg=\"$(printf '%s\\n' ${input.note})\" && echo \"$msg\"" # want
    }
    # Arithmetic evaluates the text: quotes around it do not help.
    step "arithmetic" {
      run = "echo \"next: $(( ${input.count} + 1 ))\"" # want
    }
    # The value handed over in a variable, then expanded unquoted.
    step "through-env" {
      env = { TARGET = input.note }
      run = "rm -rf build/$TARGET" # want
    }
  }
  stage "stage-env" {
    image = "debian:12-slim"
    env   = { NOTE = "note: ${input.note}" }
    step "s" {
      run = "echo $${NOTE}" # want
    }
  }
}
