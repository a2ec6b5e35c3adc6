pipeline "p" {
  on {
    push {
      branches = ["main"]
    }
  }
  vault {
    address = "https://vault.example.com"
    role    = "shop-ci"
  }
  secret "db_password" {
    vault {
      path  = "secret/data/shop/db"
      field = "password"
    }
  }
  stage "migrate" {
    image   = "debian:12-slim"
    timeout = "10m"
    step "migrate" {
      run = "./migrate.sh"
      env = { DB_PASSWORD = secret.db_password }
    }
  }
}
