pipeline "p" {
  on {
    push {
      branches = ["main"]
    }
  }
  defaults {
    timeout = "10m"
  }
  # The scopes the job needs, added to pipec's contents: read.
  stage "release" {
    image = "debian:12-slim"
    step "s" { run = "./release.sh" }
    native "github" {
      permissions = { packages = "write" }
    }
  }
  # No permissions at all.
  stage "lint" {
    image = "debian:12-slim"
    step "s" { run = "./lint.sh" }
    native "github" {
      permissions = {}
    }
  }
}
