# Fails: references with typos: a secret, an input and a matrix axis, each with a
# suggestion.
pipeline "fail-unknown-references" {
  on {
    manual {
      input "release_tag" {
        type = "string"
      }
    }
  }

  secret "deploy_token" {}

  stage "build" {
    matrix {
      axes = { python = ["3.11", "3.12"] }
    }
    step "test" {
      run = "tox -e py${matrix.pyhton} --tag ${input.relase_tag}"
      env = {
        TOKEN = secret.deploy_tokn
      }
    }
  }
}
