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
  secret "prod_gcp_sa_key" {} # want
  secret "deploy" {}
  stage "upload" {
    image = "amazon/aws-cli:2.17.0"
    step "s" { run = "aws s3 cp dist s3://bucket --recursive" }
    # The name says nothing; the variable the AWS SDK reads keys from does.
    step "sync" {
      run = "aws s3 sync site s3://bucket && gcloud storage ls"
      env = {
        AWS_SECRET_ACCESS_KEY = secret.deploy # want
        GOOGLE_CREDENTIALS    = secret.prod_gcp_sa_key
      }
    }
  }
}
