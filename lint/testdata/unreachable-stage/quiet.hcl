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
  # Its native rules add it to pushes of main, which its when never admits: on GitLab
  # the rules decide, and the when is read on the other targets.
  stage "gitlab-main" {
    image = "debian:12-slim"
    step "s" { run = "./report.sh" }
    native "gitlab" {
      rules = [
        { if = "$CI_COMMIT_TAG", when = "never" },
        { if = "$CI_PIPELINE_SOURCE == \"push\" && $CI_COMMIT_BRANCH == \"main\"" },
      ]
    }
  }
  # A native "azure" condition that admits the scheduled runs, and CircleCI filters that
  # admit main.
  stage "azure-nightly" {
    image = "debian:12-slim"
    step "s" { run = "./report.sh" }
    native "azure" {
      condition = "and(succeeded(), in(variables['Build.Reason'], 'Schedule', 'Manual'))"
    }
  }
  stage "circleci-main" {
    image = "debian:12-slim"
    step "s" { run = "./report.sh" }
    native "circleci" {
      filters = { branches = { only = ["main", "/release-.*/"] } }
    }
  }
}
