# Fails: a rolling deploy strategy on a stage that sets no environment.
pipeline "fail-strategy-without-environment" {
  on {
    push {}
  }

  stage "rollout" {
    strategy "rolling" {
      batches = 3
    }
    step "deploy" {
      run = "./deploy.sh"
    }
  }
}
