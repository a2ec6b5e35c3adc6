pipeline "p" {
  on {
    push {
      branches = ["main"]
    }
  }
  defaults {
    timeout = "10m"
  }
  environment "qa" {} # want
  stage "a" {
    image = "alpine:3.20"
    step "s" { run = "true" }
  }
}
