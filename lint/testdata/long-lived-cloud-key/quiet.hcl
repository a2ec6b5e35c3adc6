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
  secret "kafka_service_account_key" {}
  # A key for a service that is no cloud's, under a name of its own.
  stage "publish" {
    image = "debian:12-slim"
    step "s" {
      run = "./publish.sh"
      env = { KAFKA_SERVICE_ACCOUNT_KEY = secret.kafka_service_account_key }
    }
  }
}
