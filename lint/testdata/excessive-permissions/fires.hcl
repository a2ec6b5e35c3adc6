pipeline "p" {
  on {
    push {
      branches = ["main"]
    }
  }
  defaults {
    timeout = "10m"
  }
  stage "release" {
    image = "debian:12-slim"
    step "s" { run = "./release.sh" }
    native "github" {
      permissions = "write-all" # want
    }
  }
  stage "audit" {
    image = "debian:12-slim"
    step "s" { run = "./audit.sh" }
    native "github" {
      permissions = "read-all" # want
    }
  }
}
