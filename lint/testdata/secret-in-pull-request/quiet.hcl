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
  # GITHUB_TOKEN is every job's; a native block's secret in a stage for pushes only.
  stage "native" {
    image = "debian:12-slim"
    step "s" { run = "./test.sh" }
    native "github" {
      steps = [
        { run = "./comment.sh", env = { GH_TOKEN = "$${{ secrets.GITHUB_TOKEN }}" } },
      ]
    }
  }
  stage "native-push" {
    image = "debian:12-slim"
    when  = ci.event == "push"
    step "s" { run = "./test.sh" }
    native "github" {
      steps = [
        { run = "./upload.sh", env = { TOKEN = "$${{ secrets.UPLOAD_TOKEN }}" } },
      ]
    }
  }
}
