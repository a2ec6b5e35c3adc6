# Fails: a stage deploys to an undeclared environment ("prod" for "production") and uses an
# undeclared identity ("aws-deploy" for "aws_deploy").
pipeline "fail-unknown-environment-identity" {
  on {
    push {}
  }

  environment "production" {}

  identity "aws_deploy" {
    aws {
      role_arn = "arn:aws:iam::123456789012:role/deploy"
      region   = "us-east-1"
    }
  }

  stage "deploy" {
    environment = "prod"
    identity    = "aws-deploy"
    step "go" {
      run = "./deploy.sh"
    }
  }
}
