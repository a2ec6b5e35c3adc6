# A canary with approval: one job per increment and a last one at 100 %, each running the
# steps with its deploy.weight and then verify; every increase after the first waits for
# the environment's reviewers; any failed increment runs the rollback job.
pipeline "strategy-canary-approval" {
  on {
    push {
      branches = ["main"]
    }
  }

  identity "gke" {
    service_connection = "gke-deployer"
    gcp {
      workload_identity_provider = "projects/42/locations/global/workloadIdentityPools/ci/providers/gh"
      service_account            = "deployer@shop.iam.gserviceaccount.com"
    }
  }

  environment "production" {
    url      = "https://shop.example.com"
    approval = true
    branches = ["main"]
  }

  stage "build" {
    step "image" {
      run = "make image TAG=${ci.commit_sha}"
    }
  }

  stage "rollout" {
    needs       = ["build"]
    environment = "production"
    identity    = "gke"
    timeout     = "20m"
    strategy "canary" {
      increments = [5, 25, 60]
      approval   = true
    }
    env = {
      SERVICE = "shop"
    }
    step "shift" {
      run = "./shift.sh \"$SERVICE\" --weight ${deploy.weight} --env ${deploy.environment}"
      env = {
        WEIGHT = deploy.weight
      }
    }
    verify {
      step "metrics" {
        run = "./check-metrics.sh --weight ${deploy.weight} --max-error-rate 0.5"
      }
    }
    rollback {
      step "all-back" {
        run = "./shift.sh \"$SERVICE\" --weight 0"
      }
    }
  }
}
