pipeline "p" {
  on {
    push {
      branches = ["main"]
    }
    pull_request {}
  }
  defaults {
    timeout = "10m"
  }
  secret "codecov_token" {}
  stage "test" { # want
    image = "alpine:3.20"
    step "upload" { run = "./codecov -t \"${secret.codecov_token}\"" }
  }
}
