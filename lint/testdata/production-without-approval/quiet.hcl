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
    image       = "alpine:3.20"
    environment = "production"
    step "s" { run = "./deploy.sh" }
  }
  stage "preview" {
    image       = "alpine:3.20"
    environment = "preview"
    step "s" { run = "./deploy.sh" }
  }
  # Named for the stage before production.
  environment "pre-prod" {}
  stage "rehearse" {
    image       = "alpine:3.20"
    environment = "pre-prod"
    step "s" { run = "./deploy.sh" }
  }
}
