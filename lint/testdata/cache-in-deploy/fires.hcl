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
  stage "deploy" {
    image       = "node:22.11.0"
    environment = "production"
    cache { # want
      paths     = ["node_modules"]
      key_files = ["package-lock.json"]
    }
    step "s" { run = "npm ci && npm run deploy" }
  }
  # Caches a native block restores.
  stage "deploy-native" {
    image       = "node:22.11.0"
    environment = "production"
    step "s" { run = "npm ci && npm run deploy" }
    native "github" {
      steps = [
        { uses = "actions/setup-node@39370e3970a6d050c480ffad4ff0ed4d3fdee5af", with = { cache = "npm" } }, # want
        { uses = "actions/cache/restore@5a3ec84eff668545956fd18022155c47e93e2684", with = { path = "x", key = "k" } }, # want
        { run = "npm run deploy" },
      ]
    }
    native "gitlab" {
      cache = { key = "npm", paths = ["node_modules"] } # want
    }
  }
}
