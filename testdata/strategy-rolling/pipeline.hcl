# A rolling deploy: the steps run once per batch (deploy.batch), at most max_parallel at a
# time, each followed by verify; any failed batch runs the rollback job. Without
# max_parallel, batches go one at a time. deploy.url is empty for an environment without
# a url.
pipeline "strategy-rolling" {
  on {
    push {
      branches = ["main"]
    }
  }

  identity "aws" {
    service_connection = "fleet-aws"
    aws {
      role_arn = "arn:aws:iam::123456789012:role/fleet-deploy"
      region   = "eu-central-1"
    }
  }

  environment "edge" {}

  environment "fleet" {
    url      = "https://fleet.example.com"
    branches = ["main"]
  }

  stage "build" {
    step "package" {
      run = "make package"
    }
  }

  stage "deploy-fleet" {
    needs       = ["build"]
    environment = "fleet"
    identity    = "aws"
    strategy "rolling" {
      batches      = 3
      max_parallel = 1
    }
    step "deploy" {
      run = "./deploy.sh --env ${deploy.environment} --batch ${deploy.batch} --of 3 --url ${deploy.url}"
      env = {
        TARGET_BATCH = deploy.batch
      }
    }
    verify {
      step "health" {
        run = "./health.sh --batch ${deploy.batch}"
      }
    }
    rollback {
      step "undo" {
        run = "./deploy.sh --env ${deploy.environment} --undo"
      }
    }
  }

  stage "deploy-edge" {
    needs       = ["build"]
    environment = "edge"
    strategy "rolling" {
      batches = 2
    }
    step "deploy" {
      run = "./deploy.sh --batch ${deploy.batch} --url \"${deploy.url}\""
    }
  }
}
