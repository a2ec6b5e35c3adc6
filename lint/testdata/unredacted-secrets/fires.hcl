pipeline "p" {
  on {
    push {
      branches = ["main"]
    }
  }
  defaults {
    timeout = "10m"
  }
  stage "deploy" {
    image = "debian:12-slim"
    step "s" { run = "./deploy.sh" }
    native "github" {
      steps = [
        {
          run = "./login.sh"
          env = { PASSWORD = "$${{ fromJSON(secrets.DB_CREDS).password }}" } # want
        },
      ]
    }
  }
}
