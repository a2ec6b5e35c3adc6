# Fails: canary increments must grow: 50 after 50, then 30 after 50.
pipeline "fail-canary-increments" {
  on {
    push {}
  }

  environment "production" {}

  stage "rollout" {
    environment = "production"
    strategy "canary" {
      increments = [10, 50, 50, 30]
    }
    step "shift" {
      run = "./shift.sh ${deploy.weight}"
    }
  }
}
