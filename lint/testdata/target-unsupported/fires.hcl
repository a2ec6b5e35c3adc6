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
    image = "alpine:3.20"
    step "s" { run = "true" }
  }
}
