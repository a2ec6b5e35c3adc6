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
  stage "package" {
    image = "debian:12-slim"
    when  = ci.tag != ""
    step "s" { run = "make package" }
  }
  # The rules add publish where package runs, and only there.
  stage "publish" {
    image = "debian:12-slim"
    needs = ["package"]
    step "s" { run = "make publish" }
    native "gitlab" {
      rules = [{ if = "$CI_COMMIT_TAG", when = "manual" }]
    }
  }
  # The same condition both ways: pipec cannot tell them apart, and says nothing.
  stage "docs" {
    image = "debian:12-slim"
    when  = ci.branch == "main"
    step "s" { run = "make docs" }
  }
  stage "site" {
    image = "debian:12-slim"
    needs = ["docs"]
    step "s" { run = "make site" }
    native "gitlab" {
      rules = [{ if = "$CI_COMMIT_BRANCH == \"main\"" }]
    }
  }
}
