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
    step "s" { run = "make dist" }
    artifact "dist" {
      paths = ["dist/"]
    }
  }
  stage "release" {
    image = "debian:12-slim"
    needs = ["build"]
    step "s" { run = "make release" }
    artifact "bundle" {
      paths     = ["release/"]
      expire_in = "30d"
    }
  }
}
