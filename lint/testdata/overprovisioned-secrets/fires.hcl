pipeline "p" {
  on {
    push {
      branches = ["main"]
    }
  }
  defaults {
    timeout = "10m"
  }
  stage "build" {
    image = "debian:12-slim"
    step "s" { run = "./build.sh" }
    native "github" {
      steps = [
        {
          run = "./configure.sh"
          env = { ALL = "$${{ toJSON(secrets) }}" } # want
        },
        {
          run = "./sign.sh"
          env = { KEY = "$${{ secrets[format('KEY_{0}', github.ref_name)] }}" } # want
        },
      ]
    }
  }
}
