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
    image   = "alpine:3.20"
    timeout = "10m"
    step "migrate" {
      run = "./migrate.sh"
      env = { DB_PASSWORD = secret.db_password }
    }
  }
}
