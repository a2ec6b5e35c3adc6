pipeline "p" {
  on {
    push {
      branches = ["main"]
    }
  }
  defaults {
    timeout = "10m"
  }
  stage "a" { # want
    image = "debian:12-slim"
    step "s" { run = "true" }
    native "github" {
      permissions = { contents = "wirte" }
    }
  }
}
