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
  # A native block that reads the platform's secrets.
  stage "b" {
    image = "debian:12-slim"
    step "s" { run = "make" }
    native "github" {
      container = {
        image       = "ghcr.io/acme/builder:1.4"
        credentials = { username = "ci", password = "$${{ secrets.REGISTRY_PASSWORD }}" }
      }
      env = { AWS_SECRET_ACCESS_KEY = "$${{ secrets.AWS_SECRET_ACCESS_KEY }}" }
    }
  }
  # A registry password read from a project variable.
  stage "registry" {
    image = "debian:12-slim"
    step "s" { run = "./build.sh" }
    native "circleci" {
      docker = [{ image = "registry.example.com/ci/builder:1.4", auth = { username = "ci", password = "$REGISTRY_PASSWORD" } }]
    }
  }
}
