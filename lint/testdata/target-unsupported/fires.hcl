pipeline "p" {
  on { # want
    push {
      branches = ["main"]
    }
    schedule "nightly" {
      cron = "0 3 * * *" # want
    }
  }
  stage "a" {
    image = "debian:12-slim"
    step "s" { run = "true" }
  }
}
