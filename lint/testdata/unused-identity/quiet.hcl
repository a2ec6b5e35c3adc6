pipeline "p" {
  on {
    push {
      branches = ["main"]
    }
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
  stage "a" {
    image    = "debian:12-slim"
    identity = "aws"
    step "s" { run = "aws sts get-caller-identity" }
  }
}
