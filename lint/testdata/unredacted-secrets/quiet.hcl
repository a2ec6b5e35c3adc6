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
          env = {
            PASSWORD = "$${{ secrets.DB_PASSWORD }}"
            MATRIX   = "$${{ fromJSON(vars.TARGETS).region }}"
          }
        },
      ]
    }
  }
}
