pipeline "p" {
  on {
    push {
      branches = ["main"]
    }
  }
  stage "build" { # want
    image = "alpine:3.20"
    step "s" { run = "make" }
  }
  stage "test" {
    image   = "alpine:3.20"
    timeout = "15m"
    step "s" { run = "make test" }
  }
}
