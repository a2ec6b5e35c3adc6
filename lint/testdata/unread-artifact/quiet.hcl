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
    image = "alpine:3.20"
    step "s" { run = "make dist" }
    artifact "dist" {
      paths = ["dist/"]
    }
  }
  stage "release" {
    image = "alpine:3.20"
    needs = ["build"]
    step "s" { run = "make release" }
    artifact "bundle" {
      paths     = ["release/"]
      expire_in = "30d"
    }
  }
}
