# Fails on GitHub only: hashicorp/vault-action reads its secrets input as "PATH FIELD |
# NAME ;" lines and the field as a JSONata name, so a Vault path or field with white
# space or ';', and a field with a quote, a backquote or a backslash, cannot be read
# there. The other targets read them. A secret no job reads is not checked.
pipeline "fail-github-vault-characters" {
  on {
    push {}
  }
  vault {
    address            = "https://vault.example.com"
    role               = "ci"
    service_connection = "vault-ci"
  }
  secret "spaced_field" {
    vault {
      path  = "secret/data/app"
      field = "api key"
    }
  }
  secret "semicolon_path" {
    vault {
      path  = "kv/team;ops/app"
      field = "token"
    }
  }
  secret "quoted_field" {
    vault {
      path  = "secret/data/app"
      field = "say\"hi"
    }
  }
  secret "unread" {
    vault {
      path  = "secret/data/app"
      field = "old key"
    }
  }
  stage "deploy" {
    step "go" {
      run = "./deploy.sh"
      env = {
        A = secret.spaced_field
        B = secret.semicolon_path
        C = secret.quoted_field
      }
    }
  }
}
