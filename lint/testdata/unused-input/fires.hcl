pipeline "p" {
  on {
    manual {
      input "dry_run" {
        type    = "boolean"
        default = false
      }
      input "region" { # want
        default = "eu"
      }
    }
  }
  defaults {
    timeout = "10m"
  }
  stage "a" {
    image = "debian:12-slim"
    when  = !input.dry_run
    step "s" { run = "./deploy.sh" }
  }
}
