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
        { uses = "actions/checkout@v4" }, # want
        { uses = "actions/setup-node@main" }, # want
        { uses = "owner/action@08c6903" }, # want
        { uses = "docker://alpine:3.20" }, # want
        { run = "npm ci" },
      ]
    }
  }
}
