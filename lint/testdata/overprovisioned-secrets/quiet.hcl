pipeline "p" {
  on {
    push {
      branches = ["main"]
    }
  }
  defaults {
    timeout = "10m"
  }
  secret "token" {}
  stage "build" {
    image = "debian:12-slim"
    step "s" { run = "./build.sh \"${secret.token}\"" }
    native "github" {
      steps = [
        {
          run = "./sign.sh"
          env = { KEY = "$${{ secrets['SIGNING_KEY'] }}", CTX = "$${{ toJSON(github.event) }}" }
        },
      ]
    }
  }
}
