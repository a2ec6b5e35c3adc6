# Fails: Vault secrets whose path or field no target can read. Every target splits the
# path into the KV mount and the path inside it, so a path without a mount, with a
# leading or trailing slash, or with an empty part, and an empty field, are errors here
# instead of a failed read when the job runs, and so is an auth_path that starts with auth/
pipeline "fail-vault-paths" {
  on {
    push {}
  }
  vault {
    address = "https://vault.example.com"
    role    = "ci"
    # the mount's path: vault-action, GitLab and the vault CLI all add auth/ themselves
    auth_path = "auth/jwt-ci"
  }
  secret "no_mount" {
    vault {
      path  = "token"
      field = "value"
    }
  }
  secret "leading_slash" {
    vault {
      path  = "/secret/data/app"
      field = "password"
    }
  }
  secret "trailing_slash" {
    vault {
      path  = "secret/data/"
      field = "password"
    }
  }
  secret "empty_part" {
    vault {
      path  = "kv//app"
      field = "password"
    }
  }
  secret "empty_field" {
    vault {
      path  = "secret/data/app"
      field = ""
    }
  }
  secret "fine" {
    vault {
      path  = "kv/team/app"
      field = "tls.crt"
    }
  }
  stage "deploy" {
    step "go" {
      run = "./deploy.sh"
      env = {
        A = secret.no_mount
        B = secret.leading_slash
        C = secret.trailing_slash
        D = secret.empty_part
        E = secret.empty_field
        F = secret.fine
      }
    }
  }
}
