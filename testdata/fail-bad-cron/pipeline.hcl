# Fails: a schedule's cron has an hour out of range, another uses a shortcut GitHub
# rejects, and a third has too few fields.
pipeline "fail-bad-cron" {
  on {
    schedule "nightly" {
      cron = "0 24 * * *"
    }
    schedule "daily" {
      cron = "@daily"
    }
    schedule "short" {
      cron = "0 3 * *"
    }
  }

  stage "job" {
    step "s" {
      run = "echo hi"
    }
  }
}
