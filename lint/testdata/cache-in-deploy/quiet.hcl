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
  stage "build" {
    image = "node:22.11.0"
    cache {
      paths     = ["node_modules"]
      key_files = ["package-lock.json"]
    }
    step "s" { run = "npm ci && npm run build" }
    artifact "dist" {
      paths = ["dist"]
    }
  }
  stage "deploy" {
    image       = "node:22.11.0"
    environment = "production"
    needs       = ["build"]
    step "s" { run = "npm run deploy -- dist" }
  }
}
