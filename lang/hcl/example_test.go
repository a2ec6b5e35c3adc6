package hcl

// languageExample is the whole pipeline from the language contract (design/language.md).
const languageExample = `pipeline "shop-api" {
  description = "Test, build and ship the shop API"

  on {
    push {
      branches     = ["main", "release/**"]
      tags         = ["v*"]
      paths        = ["src/**", "tests/**"]
      paths_ignore = ["docs/**"]
    }
    pull_request {
      branches = ["main"]
    }
    schedule "weekly" {
      cron = "0 2 * * 1"
    }
    manual {
      input "force" {
        type    = "boolean"          # string | boolean | choice | number
        default = false
      }
    }
  }

  env = {
    REGISTRY = "ghcr.io"
  }

  defaults {
    runner  = "linux"                 # linux | linux-arm64 | macos | windows, or a list of labels
    timeout = "30m"
  }

  vault {
    address  = "https://vault.example.com"
    role     = "shop-ci"              # JWT/OIDC role; the CI platform's OIDC token logs in
    audience = "https://vault.example.com"
  }

  secret "codecov_token" {}          # from the platform's own secret store, as CODECOV_TOKEN
  secret "db_password" {
    vault {
      path  = "secret/data/shop/db"
      field = "password"
    }
  }

  identity "aws_deploy" {            # OIDC workload identity: no long-lived cloud keys
    aws {
      role_arn = "arn:aws:iam::123456789012:role/shop-deploy"
      region   = "us-east-1"
    }
  }

  environment "staging" {
    url = "https://staging.shop.example.com"
  }
  environment "production" {
    url      = "https://shop.example.com"
    approval = true                   # a person approves before it runs
    branches = ["main"]               # only these refs may deploy here
  }

  stage "lint" {
    image = "python:3.12-slim"
    step "ruff" {
      run = "ruff check ."
    }
  }

  stage "test" {
    needs = ["lint"]
    image = "python:${matrix.python}-slim"
    matrix {
      axes      = { python = ["3.11", "3.12"] }
      fail_fast = false
    }
    service "postgres" {
      image = "postgres:16-alpine"
      env   = { POSTGRES_PASSWORD = "test" }
    }
    cache {
      paths     = ["~/.cache/pip"]
      key_files = ["requirements*.txt"]
    }
    step "install" {
      run = "pip install -r requirements-dev.txt"
    }
    step "test" {
      run = "pytest --cov=src --cov-report=xml"
      env = {
        DATABASE_URL  = "postgresql://postgres:test@postgres:5432/postgres"
        CODECOV_TOKEN = secret.codecov_token
      }
    }
    artifact "coverage" {
      paths     = ["coverage.xml"]
      expire_in = "7d"
    }
  }

  stage "build" {
    needs = ["test"]
    when  = ci.branch == "main" && ci.event == "push"
    step "image" {
      run = "docker build -t $REGISTRY/shop:${ci.commit_sha} . && docker push $REGISTRY/shop:${ci.commit_sha}"
    }
  }

  stage "deploy-staging" {
    needs       = ["build"]
    environment = "staging"
    identity    = "aws_deploy"
    step "helm" {
      run = "helm upgrade --install shop ./chart --set image.tag=${ci.commit_sha}"
      env = { DB_PASSWORD = secret.db_password }
    }
  }

  stage "deploy-production" {
    needs       = ["deploy-staging"]
    environment = "production"
    identity    = "aws_deploy"
    strategy "canary" {
      increments = [10, 50]           # then 100
    }
    step "shift" {
      run = "./scripts/shift-traffic.sh --weight ${deploy.weight} --image ${ci.commit_sha}"
    }
    verify {
      step "error-rate" { run = "./scripts/check-error-rate.sh --max 0.01" }
    }
    rollback {
      step "undo" { run = "kubectl rollout undo deployment/shop" }
    }
  }
}
`
