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
    image = "debian:12-slim"
    when  = ci.event == "schedule"
    step "s" { run = "./soak.sh" }
  }
  stage "push-only" {
    image = "debian:12-slim"
    when  = ci.event == "push" && ci.branch == "main"
    step "s" { run = "./report.sh" }
  }
}
