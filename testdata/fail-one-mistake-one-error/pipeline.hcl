# Fails: one mistake, one error. A misspelt or mistyped name is reported once, with its
# "did you mean"; what depends on the value it held (an input's type, a stage's outputs,
# needs, environment, strategy or matrix, a declaration of a secret, stage, environment,
# identity or vault, an identity's provider) is not reported as well, nor is what a
# declaration or block written in the wrong block would have given.
pipeline "fail-one-mistake-one-error" {
  on {
    push {
      branches = ["main"]
    }
    manual {
      input "target" {
        tpye    = "choice"
        options = ["dev", "prod"]
        default = "dev"
      }
    }
  }

  valt {
    address = "https://vault.example.com"
    role    = "ci"
  }
  secrt "token" {}
  secret "db" {
    vault {
      path  = "secret/data/db"
      field = "password"
    }
  }
  identty "aws" {
    aws {
      role_arn = "arn:aws:iam::123456789012:role/deploy"
      region   = "us-east-1"
    }
  }
  identity "gcp" {
    gpc {
      workload_identity_provider = "projects/1/locations/global/workloadIdentityPools/p/providers/r"
      service_account            = "sa@p.iam.gserviceaccount.com"
    }
  }
  environmnt "staging" {}
  environment "prod" {}

  stge "lint" {
    step "ruff" {
      run = "ruff check ."
    }
  }

  stage "build" {
    needs  = ["lint"]
    ouputs = ["version"]
    runner = [1]
    step "compile" {
      run = "make"
      env = { TOKEN = secret.token }
    }
  }

  stage "version" {
    outputs = ["tag"]
    step "tag" {
      run = "echo tag=1 >> \"$PIPEC_OUTPUT\""
    }
  }

  stage "test" {
    needs = ["build"]
    neds  = ["version"]
    matrx {
      axes = { os = ["a", "b"] }
    }
    service "db" {
      image = 5
    }
    step "unit" {
      run = "make test V=${stage.build.outputs.version} T=${stage.version.outputs.tag} OS=${matrix.os}"
    }
  }

  stage "grid" {
    matrix {
      axs     = { os = ["a", "b"] }
      exclude = [{ os = "a" }]
    }
    step "unit" {
      run = "make test"
    }
  }

  stage "deploy" {
    enviroment = "prod"
    identity   = "aws"
    when       = input.target == "prod"
    strategy "canary" {
      increments = [10, 50]
    }
    step "shift" {
      run = "./shift.sh ${deploy.weight}"
    }
  }

  stage "canary" {
    environment = "prod"
    step "shift" {
      run = "./shift.sh ${deploy.weight} $KEY"
      env = { KEY = secret.key }
      secret "key" {}
      strategy "canary" {
        increments = [10, 50]
      }
    }
  }

  stage "swap" {
    environment = "staging"
    stratgy "blue_green" {}
    step "stage" {
      run = "./stage.sh ${deploy.slot}"
    }
    switch {
      step "flip" {
        run = "./flip.sh"
      }
    }
  }
}
