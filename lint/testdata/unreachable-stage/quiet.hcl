pipeline "p" {
  on {
    push {
      branches = ["main"]
    }
    schedule "nightly" {
      cron = "0 3 * * *"
    }
  }
  defaults {
    timeout = "10m"
  }
  stage "nightly" {
    image = "alpine:3.20"
    when  = ci.event == "schedule"
    step "s" { run = "./soak.sh" }
  }
  stage "push-only" {
    image = "alpine:3.20"
    when  = ci.event == "push" && ci.branch == "main"
    step "s" { run = "./report.sh" }
  }
}
