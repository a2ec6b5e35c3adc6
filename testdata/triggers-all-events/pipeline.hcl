# Every trigger at once: push with branch, tag and path filters (paths_ignore alone becomes
# paths-ignore), pull requests with branch and path filters, three schedules, and a manual
# run with one input of each type.
pipeline "triggers-all-events" {
  description = "Every trigger kind and every manual input type"

  on {
    push {
      branches     = ["main", "release/**"]
      tags         = ["v*", "!v*-rc*"]
      paths_ignore = ["docs/**", "**.md"]
    }
    pull_request {
      branches = ["main", "release/**"]
      paths    = ["src/**", "go.mod"]
    }
    schedule "nightly" {
      cron = "0 3 * * *"
    }
    schedule "weekly" {
      cron = "30 4 * * MON"
    }
    schedule "month-end" {
      cron = "15  22  28-31 *  1-5"
    }
    manual {
      input "environment" {
        type        = "choice"
        options     = ["staging", "production"]
        default     = "staging"
        description = "Where to deploy"
        required    = true
      }
      input "dry_run" {
        type        = "boolean"
        default     = true
        description = "Only print what would change"
      }
      input "replicas" {
        type    = "number"
        default = 3
      }
      input "reason" {
        description = "Why this run was started by hand"
        required    = true
      }
      input "label" {
        type    = "string"
        default = "manual-run"
      }
    }
  }

  stage "report" {
    step "inputs" {
      run = "echo \"env=${input.environment} dry=${input.dry_run} replicas=${input.replicas} reason=${input.reason} label=${input.label}\""
    }
  }
}
