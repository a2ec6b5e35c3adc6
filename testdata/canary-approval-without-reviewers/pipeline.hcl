# Compiles with a warning: the canary asks for approval, but GitHub gates jobs only through
# environment protection rules, and this environment does not ask for approval.
pipeline "canary-approval-without-reviewers" {
  on {
    push {
      branches = ["main"]
    }
  }

  environment "production" {
    url = "https://api.example.com"
  }

  stage "rollout" {
    environment = "production"
    strategy "canary" {
      increments = [50]
      approval   = true
    }
    step "shift" {
      run = "./shift.sh ${deploy.weight}"
    }
  }
}
