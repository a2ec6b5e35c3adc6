# Fails: canary increments must grow: 50 after 50, then 30 after 50; and each is a
# percentage: 0 and 150 are none (150 is not "growing" wrongly: it is out of range).
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

  stage "widen" {
    needs       = ["rollout"]
    environment = "production"
    strategy "canary" {
      increments = [0, 20, 150, 60]
    }
    step "shift" {
      run = "./shift.sh ${deploy.weight}"
    }
  }
}
