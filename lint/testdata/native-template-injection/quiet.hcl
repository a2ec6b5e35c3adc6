pipeline "p" {
  on {
    push {
      branches = ["main"]
    }
    manual {
      input "dry_run" {
        type    = "boolean"
        default = false
      }
      input "note" {}
    }
  }
  defaults {
    timeout = "10m"
  }
  # pipec's own references arrive as environment variables.
  stage "pipec" {
    image = "debian:12-slim"
    step "s" { run = "./notify.sh \"${input.note}\" \"${ci.branch}\"" }
  }
  # Values through the step's environment; a boolean input; values nobody outside chooses.
  stage "github" {
    image = "debian:12-slim"
    step "s" { run = "./build.sh" }
    native "github" {
      steps = [
        {
          run = "./notify.sh \"$NOTE\" \"$${{ inputs.dry_run }}\" \"$${{ github.sha }}\""
          env = { NOTE = "$${{ inputs.note }}" }
        },
      ]
    }
  }
  stage "azure" {
    image = "debian:12-slim"
    step "s" { run = "./build.sh" }
    native "azure" {
      steps = [
        { script = "echo \"building $BUILD_SOURCEBRANCHNAME at $(Build.SourceVersion) #$(Build.BuildId)\"" },
      ]
    }
  }
  stage "circleci" {
    image = "debian:12-slim"
    step "s" { run = "./build.sh" }
    native "circleci" {
      steps = [
        { run = "docker tag app \"app:$CIRCLE_BRANCH-<< pipeline.number >>\"" },
      ]
    }
  }
  stage "gitlab" {
    image = "debian:12-slim"
    step "s" { run = "./build.sh" }
    native "gitlab" {
      script = ["./notify.sh \"$PIPEC_INPUT_NOTE\" $[[ inputs.dry_run ]]"]
    }
  }
}
