# Fails on GitLab: the rolling deploy's first batch is job "deploy-batch-1", and stage
# "deploy_batch_1" is a job whose name differs only by "_" for "-". A job that ends early
# tells the jobs after it through $PIPEC_SKIPPED_DEPLOY_BATCH_1, and stage "report",
# which needs both, would read one job's variable for the other's.
pipeline "fail-gitlab-job-names-one-variable" {
  on {
    push {
      branches = ["main"]
    }
  }

  environment "production" {}

  stage "deploy" {
    environment = "production"
    strategy "rolling" {
      batches      = 2
      max_parallel = 2
    }
    step "apply" {
      run = "make deploy BATCH=${deploy.batch}"
    }
  }

  stage "deploy_batch_1" {
    step "smoke" {
      run = "make smoke"
    }
  }

  stage "report" {
    needs = ["deploy", "deploy_batch_1"]
    step "report" {
      run = "make report"
    }
  }
}
