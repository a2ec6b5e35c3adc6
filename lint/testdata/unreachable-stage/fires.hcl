pipeline "p" {
  on {
    push {
      branches = ["main"]
    }
    pull_request {}
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
  # Never runs either, but for nightly's reason, which is reported once, on nightly.
  stage "after" {
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
  # Each of its needs runs, never both in one run.
  stage "both" { # want
    image = "alpine:3.20"
    needs = ["ship-main", "pr-check"]
    step "s" { run = "./both.sh" }
  }
  stage "ship-main" {
    image = "alpine:3.20"
    when  = ci.event == "push"
    step "s" { run = "./ship.sh" }
  }
  stage "pr-check" {
    image = "alpine:3.20"
    when  = ci.event == "pull_request"
    step "s" { run = "./check.sh" }
  }
}
