pipeline "p" {
  on {
    push {
      branches = ["main"]
    }
  }
  stage "build" { # want
    image = "debian:12-slim"
    step "s" { run = "make" }
  }
  stage "test" {
    image   = "debian:12-slim"
    timeout = "15m"
    step "s" { run = "make test" }
  }
}
