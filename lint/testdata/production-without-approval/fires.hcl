pipeline "p" {
  on {
    push {
      branches = ["main"]
    }
  }
  defaults {
    timeout = "10m"
  }
  environment "production" { # want
    branches = ["main"]
  }
  stage "deploy" {
    image       = "alpine:3.20"
    environment = "production"
    step "s" { run = "./deploy.sh" }
  }
  environment "eu-west-prod" {} # want
  stage "deploy-eu" {
    image       = "alpine:3.20"
    environment = "eu-west-prod"
    when        = ci.branch == "main"
    step "s" { run = "./deploy.sh" }
  }
}
