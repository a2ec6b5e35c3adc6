# Fails: an empty Vault role, cache path, cache key file or artifact path is an error at
# the empty string. Every target wrote it as given: role "" for the Vault login, an empty
# actions/cache path and hashFiles(''), and a collect step that finds no file and fails
# the job.
pipeline "fail-empty-paths-and-role" {
  on {
    push {
      branches = ["main"]
    }
  }

  vault {
    address = "https://vault.example.com"
    role    = ""
  }

  secret "db" {
    vault {
      path  = "secret/data/db"
      field = "password"
    }
  }

  stage "build" {
    cache {
      paths     = ["~/.cache/go-build", ""]
      key_files = [""]
    }
    step "compile" {
      run = "make"
      env = { DB = secret.db }
    }
    artifact "bin" {
      paths = [""]
    }
  }
}
