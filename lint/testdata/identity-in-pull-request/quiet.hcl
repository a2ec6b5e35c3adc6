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
    identity = "aws"
    when     = ci.event == "push"
    step "s" { run = "terraform plan" }
  }
  # Native permissions without the token; a native token in a stage for pushes only.
  stage "native" {
    image = "debian:12-slim"
    step "s" { run = "./comment.sh" }
    native "github" {
      permissions = { pull-requests = "write" }
    }
  }
  stage "native-push" {
    image = "debian:12-slim"
    when  = ci.event == "push"
    step "s" { run = "./assume-role.sh && terraform apply" }
    native "github" {
      permissions = { id-token = "write" }
    }
    native "gitlab" {
      id_tokens = { AWS_TOKEN = { aud = "sts.amazonaws.com" } }
    }
  }
}
