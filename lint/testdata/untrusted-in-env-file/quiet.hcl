pipeline "p" {
  on {
    push {
      branches = ["main"]
    }
    pull_request {}
    manual {
      input "note" {}
      input "debug" {
        type = "boolean"
      }
      input "region" {
        type    = "choice"
        options = ["eu", "us"]
      }
    }
  }
  defaults {
    timeout = "10m"
  }
  stage "build" {
    image = "debian:12-slim"
    # Branch names cannot hold a newline; a boolean or a choice is one of its values.
    step "names" {
      run = "echo \"BRANCH=${ci.branch}\" >> \"$GITHUB_ENV\"; echo \"DEBUG=${input.debug} REGION=${input.region}\" >> \"$GITHUB_ENV\""
    }
    # Newlines stripped before the value reaches the file.
    step "cleaned" {
      run = "echo \"NOTE=$(printf %s \"${input.note}\" | tr -d '\\n\\r')\" >> \"$GITHUB_ENV\""
    }
    # The later step reads the input itself.
    step "direct" {
      run = "./notify.sh \"$NOTE\""
      env = { NOTE = input.note }
    }
  }
}
