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
    image = "alpine:3.20"
    step "s" { run = "true" }
    native "github" {
      permissions = { contents = "wirte" }
    }
  }
}
