# Environments with a url, an approval and branch rules. A deployment stage without a
# strategy deploys once, verifies, and has a rollback job that runs only when the deploy
# or its verification failed. The branch rule joins the stage's own `when`.
pipeline "environments-and-plain-deploy" {
  on {
    push {
      branches = ["main", "release/**", "hotfix-*"]
    }
  }

  environment "review" {}
  environment "staging" {
    url      = "https://staging.example.com"
    branches = ["main", "release/**"]
  }
  environment "production" {
    url      = "https://example.com"
    approval = true
    branches = ["main", "hotfix-*"]
  }

  stage "build" {
    step "package" {
      run = "make package"
    }
  }

  stage "deploy-review" {
    needs       = ["build"]
    environment = "review"
    step "deploy" {
      run = "./deploy.sh review"
    }
  }

  stage "deploy-staging" {
    needs       = ["build"]
    environment = "staging"
    step "deploy" {
      run = "./deploy.sh staging"
    }
    verify {
      step "smoke" {
        run = "curl -sSf https://staging.example.com/healthz"
      }
    }
    rollback {
      step "previous" {
        run = "./deploy.sh staging --previous"
      }
    }
  }

  stage "deploy-production" {
    needs       = ["deploy-staging"]
    when        = ci.event == "push"
    environment = "production"
    step "deploy" {
      run = "./deploy.sh production"
    }
    verify {
      step "smoke" {
        run = "curl -sSf https://example.com/healthz"
      }
      step "slo" {
        run = "./check-slo.sh --window 10m"
      }
    }
    rollback {
      step "previous" {
        run = "./deploy.sh production --previous"
      }
      step "page" {
        run = "./page-oncall.sh \"production deploy rolled back\""
      }
    }
  }
}
