# Fails: an environment's url is plain text; the reference in it is refused, and
# deploy.url in the stage that deploys there is not also reported as "has no url".
pipeline "fail-deploy-url-refused" {
  on {
    push {
      branches = ["main"]
    }
  }

  environment "staging" {
    url = "https://x/${stage.a.outputs.t}"
  }

  stage "a" {
    outputs = ["t"]
    step "s" {
      run = "echo t=1 >> \"$PIPEC_OUTPUT\""
    }
  }

  stage "deploy" {
    needs       = ["a"]
    environment = "staging"
    step "smoke" {
      run = "curl --fail ${deploy.url}/health"
    }
  }
}
