pipeline "p" {
  on {
    push {
      branches = ["main", "release/*"]
    }
    pull_request {}
    manual {
      input "note" {}
    }
  }
  defaults {
    timeout = "10m"
  }
  stage "tag" {
    image = "alpine:3.20"
    step "s" {
      run = "git tag build-${ci.branch} && echo \"${ci.branch}\"" # want
    }
    step "note" {
      run = "echo ${input.note}" # want
    }
  }
}
