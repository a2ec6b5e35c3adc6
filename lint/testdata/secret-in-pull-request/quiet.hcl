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
  stage "test" {
    image = "debian:12-slim"
    when  = ci.event == "push"
    step "upload" { run = "./codecov -t \"${secret.codecov_token}\"" }
  }
}
