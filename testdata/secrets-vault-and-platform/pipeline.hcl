# Platform secrets and Vault secrets, in step env and inside run scripts. Each step gets
# only the secrets it names; a job asks for an id-token only when it reads from Vault.
# A field whose name holds a dot (tls.crt) is one key, on GitHub's vault-action too.
pipeline "secrets-vault-and-platform" {
  on {
    push {
      branches = ["main"]
    }
  }

  vault {
    address            = "https://vault.example.com:8200"
    role               = "ci-publisher"
    audience           = "vault://ci"
    auth_path          = "jwt-github"
    service_connection = "vault-ci"
  }

  secret "npm_token" {}
  secret "slack_webhook" {}
  secret "signing_key" {
    vault {
      path  = "secret/data/release/signing"
      field = "private_key"
    }
  }
  secret "registry_password" {
    vault {
      path  = "kv/data/ci/registry"
      field = "password"
    }
  }
  secret "tls_cert" {
    vault {
      path  = "kv/tls/registry"
      field = "tls.crt"
    }
  }
  secret "unused_token" {}

  stage "publish" {
    step "npm" {
      run = "npm publish --access public"
      env = {
        NODE_AUTH_TOKEN = secret.npm_token
      }
    }
    step "sign" {
      run = "printf '%s' \"${secret.signing_key}\" | gpg --batch --import && gpg --detach-sign dist/app.tgz"
    }
    step "push-image" {
      run = "echo \"$REGISTRY_PASSWORD\" | docker login registry.example.com -u ci --password-stdin"
      env = {
        REGISTRY_PASSWORD = secret.registry_password
        REGISTRY_CERT     = secret.tls_cert
      }
    }
  }

  stage "notify" {
    needs = ["publish"]
    step "slack" {
      run = "curl -sSf -X POST -d '{\"text\":\"published\"}' \"${secret.slack_webhook}\""
    }
  }
}
