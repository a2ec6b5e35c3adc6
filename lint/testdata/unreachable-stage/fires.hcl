pipeline "p" {
  on {
    push {
      branches = ["main"]
    }
  }
  defaults {
    timeout = "10m"
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
}
