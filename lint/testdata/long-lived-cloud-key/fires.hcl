pipeline "p" {
  on {
    push {
      branches = ["main"]
    }
  }
  defaults {
    timeout = "10m"
  }
  secret "aws_secret_access_key" {} # want
  stage "upload" {
    image = "amazon/aws-cli:2.17.0"
    step "s" { run = "aws s3 cp dist s3://bucket --recursive" }
  }
}
