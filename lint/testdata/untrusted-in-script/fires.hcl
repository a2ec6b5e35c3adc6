pipeline "p" {
  on {
    push {
      branches = ["main"]
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
  }
}
