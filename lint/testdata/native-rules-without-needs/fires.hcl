pipeline "p" {
  on {
    push {
      branches = ["main"]
      tags     = ["v*"]
    }
  }
  defaults {
    timeout = "10m"
  }
  # GitLab adds build to tag pipelines only; test, which needs it, to every pipeline.
  stage "build" {
    image = "debian:12-slim"
    step "s" { run = "make" }
    native "gitlab" {
      rules = [{ if = "$CI_COMMIT_TAG" }] # want
    }
  }
  stage "test" {
    image = "debian:12-slim"
    needs = ["build"]
    step "s" { run = "make test" }
  }
  # Runs on tags only; a manual rule adds publish to every pipeline, branch pushes too.
  stage "package" {
    image = "debian:12-slim"
    when  = ci.tag != ""
    step "s" { run = "make package" }
  }
  stage "publish" {
    image = "debian:12-slim"
    needs = ["package"]
    step "s" { run = "make publish" }
    native "gitlab" {
      rules = [{ when = "manual" }] # want
    }
  }
}
