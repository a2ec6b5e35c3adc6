pipeline "p" {
  on {
    push {
      branches = ["main"]
      tags     = ["v*"]
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
  # Tests keep their cache; so does a stage for tags that publishes nothing, and one
  # that publishes for every push.
  stage "test" {
    image = "node:22.11.0"
    cache {
      paths     = ["node_modules"]
      key_files = ["package-lock.json"]
    }
    step "s" { run = "npm ci && npm test" }
  }
  stage "tag-test" {
    image = "node:22.11.0"
    when  = ci.tag != ""
    cache {
      paths     = ["node_modules"]
      key_files = ["package-lock.json"]
    }
    step "s" { run = "npm ci && npm run build # then npm publish, by hand" }
  }
  stage "snapshot" {
    image = "node:22.11.0"
    when  = ci.tag == "" || ci.branch == "main"
    cache {
      paths     = ["node_modules"]
      key_files = ["package-lock.json"]
    }
    step "s" { run = "npm ci && npm publish --tag next" }
  }
}
