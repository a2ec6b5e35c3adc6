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
    image = "debian:12-slim"
    when  = ci.event == "schedule"
    step "s" { run = "./soak.sh" }
  }
  # Never runs either, but for nightly's reason, which is reported once, on nightly.
  stage "after" {
    image = "debian:12-slim"
    needs = ["nightly"]
    step "s" { run = "./report.sh" }
  }
  # Only main is pushed, and the environment takes release branches only.
  stage "ship" { # want
    image       = "debian:12-slim"
    environment = "release"
    step "s" { run = "./ship.sh" }
  }
  # Each of its needs runs, never both in one run.
  stage "both" { # want
    image = "debian:12-slim"
    needs = ["ship-main", "pr-check"]
    step "s" { run = "./both.sh" }
  }
  stage "ship-main" {
    image = "debian:12-slim"
    when  = ci.event == "push"
    step "s" { run = "./ship.sh" }
  }
  stage "pr-check" {
    image = "debian:12-slim"
    when  = ci.event == "pull_request"
    step "s" { run = "./check.sh" }
  }
  # GitHub reads a native "github" if in place of the condition: this job never runs there.
  stage "soak" {
    image = "debian:12-slim"
    step "s" { run = "./soak.sh" }
    native "github" {
      if = "github.event_name == 'schedule'" # want
    }
  }
  # GitLab reads native "gitlab" rules in place of the condition: no rule matches a push
  # of main or a pull request, so the job is never added there.
  stage "scheduled-scan" {
    image = "debian:12-slim"
    step "s" { run = "./scan.sh" }
    native "gitlab" {
      rules = [{ if = "$CI_PIPELINE_SOURCE == \"schedule\"" }] # want
    }
  }
  # Azure reads a native "azure" condition along with the stage's: the pipeline has no
  # schedule.
  stage "pr-report" {
    image = "debian:12-slim"
    step "s" { run = "./report.sh" }
    native "azure" {
      condition = "and(succeeded(), eq(variables['Build.Reason'], 'Schedule'))" # want
    }
  }
  # CircleCI runs a job whose filters ignore every branch for tags alone, and nothing
  # pushes a tag.
  stage "publish" {
    image = "debian:12-slim"
    step "s" { run = "./publish.sh" }
    native "circleci" {
      filters = { branches = { ignore = "/.*/" }, tags = { only = "/^v.*/" } } # want
    }
  }
}
