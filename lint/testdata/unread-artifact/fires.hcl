pipeline "p" {
  on {
    push {
      branches = ["main"]
    }
  }
  defaults {
    timeout = "10m"
  }
  stage "build" {
    image = "debian:12-slim"
    step "s" { run = "make dist" }
    artifact "dist" { # want
      paths = ["dist/"]
    }
  }
}
