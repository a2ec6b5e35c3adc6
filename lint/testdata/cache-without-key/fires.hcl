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
    image = "node:22"
    cache { # want
      paths = ["node_modules"]
    }
    step "s" { run = "npm ci" }
  }
}
