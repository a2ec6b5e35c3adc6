pipeline "p" {
  on {
    push {
      branches = ["main"]
    }
  }
  defaults {
    timeout = "10m"
  }
  environment "release" {
    branches = ["release/*"]
  }
  stage "nightly" { # want
    image = "alpine:3.20"
    when  = ci.event == "schedule"
    step "s" { run = "./soak.sh" }
  }
  stage "after" { # want
    image = "alpine:3.20"
    needs = ["nightly"]
    step "s" { run = "./report.sh" }
  }
  # Only main is pushed, and the environment takes release branches only.
  stage "ship" { # want
    image       = "alpine:3.20"
    environment = "release"
    step "s" { run = "./ship.sh" }
  }
}
