pipeline "p" {
  on {
    push {
      branches = ["main"]
    }
  }
  stage "a" {
    image = "alpine:3.20"
    step "s" { run = "true" }
  }
}
