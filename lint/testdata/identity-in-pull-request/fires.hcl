pipeline "p" {
  on {
    push {
      branches = ["main"]
    }
    pull_request {}
  }
  defaults {
    timeout = "10m"
  }
  identity "aws" {
    aws {
      role_arn = "arn:aws:iam::123456789012:role/ci"
      region   = "eu-west-1"
    }
  }
  stage "plan" {
    image    = "debian:12-slim"
    identity = "aws" # want
    step "s" { run = "terraform plan" }
  }
}
