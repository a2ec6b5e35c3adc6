pipeline "p" {
  on {
    push {
      branches = ["main"]
    }
  }
  defaults {
    timeout = "10m"
  }
  stage "a" {
    image = "debian:12-slim"
    step "s" {
      run = "aws s3 ls"
      env = {
        AWS_REGION = "eu-west-1"
        # A path to a key file is not the key.
        GOOGLE_APPLICATION_CREDENTIALS = "/tmp/gcp-credentials.json"
      }
    }
  }
}
