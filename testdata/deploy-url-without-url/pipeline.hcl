# Warns: deploy.url in a stage whose environment has no url is empty on every target.
pipeline "deploy-url-without-url" {
  on {
    push {
      branches = ["main"]
    }
  }

  environment "staging" {}
  environment "production" {
    url = "https://shop.example.com"
  }

  stage "deploy-staging" {
    environment = "staging"
    step "smoke" {
      run = "curl --fail ${deploy.url}/health"
    }
  }

  stage "deploy-production" {
    environment = "production"
    step "smoke" {
      run = "curl --fail ${deploy.url}/health"
    }
  }
}
