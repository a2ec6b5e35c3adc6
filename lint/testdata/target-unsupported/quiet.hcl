pipeline "p" {
  on {
    push {
      branches = ["main"]
    }
  }
  stage "a" {
    image = "debian:12-slim"
    step "s" { run = "true" }
  }
}
