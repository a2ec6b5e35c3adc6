# Fails: a raw oidc identity's token variable that pipec sets itself in the jobs that use
# it. In a step that reads a Vault secret, CircleCI and Azure log in to Vault into
# VAULT_TOKEN: a script sending "$VAULT_TOKEN" to the identity's service would send the
# Vault token. PIPEC_* variables carry pipec's own values (PIPEC_OUTPUT: the outputs file).
pipeline "fail-reserved-token-variables" {
  on {
    push {}
  }
  vault {
    address = "https://vault.example.com"
    role    = "ci"
  }
  secret "db_password" {
    vault {
      path  = "secret/data/app/db"
      field = "password"
    }
  }
  identity "registry" {
    oidc {
      audience = "https://registry.example.com"
      env      = "VAULT_TOKEN"
    }
  }
  identity "artifacts" {
    oidc {
      audience = "https://artifacts.example.com"
      env      = "pipec_output"
    }
  }
  stage "push" {
    identity = "registry"
    step "login" {
      run = "curl -sSf -H \"Authorization: Bearer $VAULT_TOKEN\" https://registry.example.com/token"
      env = { DB_PASSWORD = secret.db_password }
    }
  }
  stage "upload" {
    identity = "artifacts"
    step "put" {
      run = "./upload.sh"
    }
  }
}
