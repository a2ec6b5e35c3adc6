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
        AWS_ACCESS_KEY_ID = "AKIAABCDEFGHIJKLMNOP" # want
        # Secret access keys have no prefix: the variable the SDK reads says what it is.
        AWS_SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" # want
      }
    }
  }
  # The escape hatch reaches the YAML as written.
  stage "publish" {
    image = "node:22-slim"
    step "s" { run = "npm publish" }
    native "gitlab" {
      variables = { NPM_TOKEN = "npm_000000000000000000000000000000000000" } # want
    }
    # A cloud SDK reads its key from this variable, native or not.
    native "azure" {
      variables = { AWS_SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" } # want
    }
  }
  # A registry password written into a CircleCI image's auth.
  stage "registry" {
    image = "debian:12-slim"
    step "s" { run = "./build.sh" }
    native "circleci" {
      docker = [{ image = "registry.example.com/ci/builder:1.4", auth = { username = "ci", password = "s3cr3t-Pa55" } }] # want
    }
  }
  # And into a GitHub job's container or service credentials.
  stage "container" {
    image = "debian:12-slim"
    step "s" { run = "./build.sh" }
    native "github" {
      container = {
        image       = "ghcr.io/acme/builder:1.4"
        credentials = { username = "ci", password = "s3cr3t-Pa55" } # want
      }
      services = {
        db = { image = "registry.example.com/db:16", credentials = { username = "ci", password = "s3cr3t-Pa55" } } # want
      }
    }
  }
}
