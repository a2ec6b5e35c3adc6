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
    image = "debian:12-slim"
    step "upload" { run = "./codecov -t \"${secret.codecov_token}\"" }
  }
  # A secret a native block reads.
  stage "native" {
    image = "debian:12-slim"
    step "s" { run = "./test.sh" }
    native "github" {
      steps = [
        { run = "./upload.sh", env = { TOKEN = "$${{ secrets.UPLOAD_TOKEN }}" } }, # want
      ]
    }
  }
  # A native "github" if replaces the condition on GitHub, where it admits pull requests.
  stage "native-if" { # want
    image = "debian:12-slim"
    when  = ci.event == "push"
    step "upload" { run = "./codecov -t \"${secret.codecov_token}\"" }
    native "github" {
      if = "github.event_name == 'pull_request' || github.ref == 'refs/heads/main'"
    }
  }
}
