# CircleCI and Azure Pipelines have no Vault integration: pipec reads Vault secrets with
# the vault CLI in the job's image. Stage "publish", in python:3.12-slim, which has no
# vault CLI, warns on both (circleci/vault-cli, azure/vault-cli); stage "lint", which reads
# no Vault secret, does not. GitHub (vault-action) and GitLab (secrets: vault) need no CLI.
pipeline "vault-cli-in-image" {
  on {
    push {
      branches = ["main"]
    }
  }

  vault {
    address = "https://vault.example.com:8200"
    role    = "ci"
  }

  secret "pypi_token" {
    vault {
      path  = "secret/data/ci/pypi"
      field = "token"
    }
  }

  stage "lint" {
    image = "python:3.12-slim"
    step "lint" {
      run = "ruff check ."
    }
  }

  stage "publish" {
    needs = ["lint"]
    image = "python:3.12-slim"
    step "upload" {
      env = {
        TWINE_PASSWORD = secret.pypi_token
      }
      run = "twine upload dist/*"
    }
  }
}
