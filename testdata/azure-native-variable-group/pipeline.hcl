# A native "azure" variables list (Azure's form that links a variable group) joins the
# variables pipec wrote for the stage's env, rather than replacing them: DB_HOST and
# LEVEL stay, and EXTRA, which the list names itself, is the list's.
pipeline "azure-native-variable-group" {
  on {
    push {
      branches = ["main"]
    }
  }

  secret "db_password" {}

  stage "migrate" {
    env = {
      DB_HOST = "db.internal"
      LEVEL   = "info"
      EXTRA   = "0"
    }
    step "migrate" {
      run = "echo migrate \"$DB_HOST\" \"$LEVEL\" \"$EXTRA\""
      env = { DB_PASSWORD = secret.db_password }
    }
    native "azure" {
      variables = [{ group = "prod-db" }, { name = "EXTRA", value = "1" }]
    }
  }
}
