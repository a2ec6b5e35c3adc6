# A stage env variable reading deploy values reads, in the rollback steps, the rollback's
# values, as the rollback steps' own references do: weight 0, slot blue, batch 0. CircleCI
# and Azure run the rollback inside a job whose env holds another position's values.
pipeline "rollback-stage-env-deploy-values" {
  on {
    push {
      branches = ["main"]
    }
  }

  environment "prod" {}

  stage "canary" {
    environment = "prod"
    strategy "canary" {
      increments = [10]
    }
    env = {
      WEIGHT = "w${deploy.weight}"
      TAG    = "${ci.short_sha}-${deploy.weight}"
    }
    step "shift" { run = "./shift $WEIGHT ${deploy.weight}" }
    rollback {
      step "undo" { run = "./undo $WEIGHT $TAG ${deploy.weight}" }
      step "own" {
        env = { WEIGHT = "mine" }
        run = "./undo $WEIGHT"
      }
    }
  }

  stage "swap" {
    environment = "prod"
    strategy "blue_green" {}
    env   = { SLOT = "s-${deploy.slot}" }
    step "up" { run = "./up $SLOT" }
    switch {
      step "route" { run = "./route $SLOT ${deploy.slot}" }
    }
    rollback {
      step "back" { run = "./back $SLOT ${deploy.slot}" }
    }
  }

  stage "fleet" {
    environment = "prod"
    strategy "rolling" {
      batches = 2
    }
    env = { BATCH = "b${deploy.batch}" }
    step "roll" { run = "./roll $BATCH" }
    rollback {
      step "unroll" { run = "./unroll $BATCH ${deploy.batch}" }
    }
  }
}
