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
    cache {
      paths     = ["node_modules"]
      key_files = ["package-lock.json"]
    }
    step "s" { run = "npm ci" }
  }
}
