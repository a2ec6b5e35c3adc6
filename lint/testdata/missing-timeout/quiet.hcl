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
    image = "alpine:3.20"
    step "s" { run = "make" }
  }
}
