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
  secret "codecov_token" {}
  stage "upload" {
    image    = "amazon/aws-cli:2.17.0"
    identity = "aws"
    step "s" { run = "aws s3 cp dist s3://bucket --recursive" }
  }
}
