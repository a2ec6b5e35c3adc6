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
    image = "debian:12-slim"
    step "s" { run = "true" }
  }
}
