pipeline "p" {
  on {
    push {
      branches = ["main"]
    }
    # GitHub runs a schedule at most every 5 minutes: reported at the cron.
    schedule "often" {
      cron = "*/2 * * * *" # want
    }
  }
  defaults {
    timeout = "10m"
  }
  # A finding in what a native block wrote is reported at the block's value.
  stage "a" {
    image = "debian:12-slim"
    step "s" { run = "true" }
    native "github" {
      permissions = { contents = "wirte" } # want
    }
  }
  stage "b" {
    image = "debian:12-slim"
    step "s" { run = "true" }
    native "github" {
      steps = [
        { run = "true" },
        { uses = "actions/checkout" }, # want
      ]
    }
  }
  # A stage whose job id YAML writes quoted ("n" would read as false).
  stage "n" {
    image = "debian:12-slim"
    step "s" { run = "true" }
    native "github" {
      permissions = { contents = "wirte" } # want
    }
  }
}
