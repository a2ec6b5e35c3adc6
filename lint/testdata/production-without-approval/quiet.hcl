pipeline "p" {
  on {
    push {
      branches = ["main"]
    }
  }
  defaults {
    timeout = "10m"
  }
  environment "production" {
    approval = true
    branches = ["main"]
  }
  environment "preview" {}
  stage "deploy" {
    image       = "debian:12-slim"
    environment = "production"
    step "s" { run = "./deploy.sh" }
  }
  stage "preview" {
    image       = "debian:12-slim"
    environment = "preview"
    step "s" { run = "./deploy.sh" }
  }
  # Named for the stage before production.
  environment "pre-prod" {}
  stage "rehearse" {
    image       = "debian:12-slim"
    environment = "pre-prod"
    step "s" { run = "./deploy.sh" }
  }
  # A word that only starts like one.
  environment "products-api" {}
  stage "catalog" {
    image       = "debian:12-slim"
    environment = "products-api"
    step "s" { run = "./deploy.sh" }
  }
}
