pipeline "p" {
  on {
    push {
      branches = ["main"]
    }
  }
  secret "db_password" {
    vault { # want
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
