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
    image = "node:20-slim"
    step "s" { run = "npm ci" }
    native "github" {
      steps = [
        { uses = "actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8" }, # v5.0.0
        { uses = "./.github/actions/setup" },
        { uses = "docker://alpine@sha256:beefdbd8a1da6d2915566fde36db9db0b524eb737fc57cd1367effd16dc0d06d" },
        { run = "npm ci" },
      ]
    }
  }
}
