# Warns: a rolling deploy with max_parallel over its batches deploys every batch at once.
# The spec compiles, as if max_parallel were the number of batches.
pipeline "rolling-max-parallel-over-batches" {
  on {
    push {
      branches = ["main"]
    }
  }

  environment "fleet" {
    branches = ["main"]
  }

  stage "roll" {
    environment = "fleet"
    strategy "rolling" {
      batches      = 3
      max_parallel = 5
    }
    step "deploy" {
      run = "./deploy.sh --batch ${deploy.batch}"
    }
  }
}
