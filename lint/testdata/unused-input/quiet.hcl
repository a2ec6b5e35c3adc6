pipeline "p" {
  on {
    manual {
      input "dry_run" {
        type    = "boolean"
        default = false
      }
      input "region" {
        default = "eu"
      }
      input "note" {}
      input "ticket" {}
    }
  }
  defaults {
    timeout = "10m"
  }
  stage "a" {
    image = "debian:12-slim"
    when  = !input.dry_run
    step "s" { run = "./deploy.sh \"${input.region}\"" }
  }
  # Inputs read in a native block, in the platform's own syntax.
  stage "b" {
    image = "debian:12-slim"
    step "s" { run = "./notify.sh" }
    native "github" {
      steps = [{ run = "./notify.sh \"$NOTE\"", env = { NOTE = "$${{ inputs.note }}" } }]
    }
    native "gitlab" {
      script = ["./notify.sh \"$PIPEC_INPUT_TICKET\""]
    }
  }
}
