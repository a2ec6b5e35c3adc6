# Fails: an environment declared as env "production" { ... }, under the name of the
# attribute env. It is one error, which says how to declare an environment; the stages
# that deploy to it do not each report an unknown environment as well.
pipeline "fail-environment-written-as-env" {
  on {
    push {}
  }

  env "production" {
    url = "https://example.com"
  }

  stage "deploy" {
    environment = "production"
    step "x" {
      run = "echo"
    }
  }

  stage "smoke" {
    needs       = ["deploy"]
    environment = "production"
    step "x" {
      run = "echo"
    }
  }
}
