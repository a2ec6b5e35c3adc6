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
  # A native block that asks for the platform's OIDC token.
  stage "native" {
    image = "debian:12-slim"
    step "s" { run = "./assume-role.sh && terraform plan" }
    native "github" {
      permissions = { id-token = "write" } # want
    }
  }
  stage "native-gitlab" {
    image = "debian:12-slim"
    step "s" { run = "./assume-role.sh && terraform plan" }
    native "gitlab" {
      id_tokens = { AWS_TOKEN = { aud = "sts.amazonaws.com" } } # want
    }
  }
}
