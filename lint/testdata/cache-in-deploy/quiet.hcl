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
  # A setup action without its cache, and setup-go told not to cache.
  stage "deploy-native" {
    image       = "node:22.11.0"
    environment = "production"
    needs       = ["build"]
    step "s" { run = "npm run deploy" }
    native "github" {
      steps = [
        { uses = "actions/setup-node@39370e3970a6d050c480ffad4ff0ed4d3fdee5af", with = { node-version = "22" } },
        { uses = "actions/setup-go@d35c59abb061a4a6fb18e82ac0862c26744d6ab5", with = { cache = false } },
        { run = "npm run deploy" },
      ]
    }
  }
}
