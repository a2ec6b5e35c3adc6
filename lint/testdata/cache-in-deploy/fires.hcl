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
  # A release: a stage for tags only that publishes.
  stage "publish" {
    image = "node:22.11.0"
    when  = ci.tag != ""
    cache { # want
      paths     = ["node_modules"]
      key_files = ["package-lock.json"]
    }
    step "s" { run = "npm ci && npm publish --access public" }
  }
  stage "pypi" {
    image = "python:3.13-slim"
    when  = ci.event == "push" && startswith(ci.ref, "refs/tags/v")
    step "s" { run = "python -m build && twine upload dist/*" }
    native "github" {
      steps = [
        { uses = "actions/setup-python@a26af69be951a213d495a4c3e4e4022e16d87065", with = { cache = "pip" } }, # want
        { run = "python -m build && twine upload dist/*" },
      ]
    }
  }
}
