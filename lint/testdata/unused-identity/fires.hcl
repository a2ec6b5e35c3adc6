pipeline "p" {
  on {
    push {
      branches = ["main"]
    }
  }
  defaults {
    timeout = "10m"
  }
  identity "aws" { # want
    aws {
      role_arn = "arn:aws:iam::123456789012:role/ci"
      region   = "eu-west-1"
    }
  }
  stage "a" {
    image = "debian:12-slim"
    step "s" { run = "true" }
  }
}
