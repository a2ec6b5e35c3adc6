pipeline "p" {
  on {
    push {
      branches = ["main"]
    }
    manual {
      input "note" {}
    }
  }
  defaults {
    timeout = "10m"
  }
  stage "github" {
    image = "debian:12-slim"
    step "s" { run = "./build.sh" }
    native "github" {
      steps = [
        { run = "./notify.sh \"$${{ inputs.note }}\"" }, # want
        { run = "git tag \"build-$${{ github.ref_name }}\"" }, # want
        # Read by index, or inside a function call.
        { run = "echo $${{ inputs['note'] }}" }, # want
        { run = "echo $${{ format('{0}!', inputs.note) }}" }, # want
        {
          uses = "actions/github-script/./@60a0d83039c74a4aee543508d2ffcb1c3799cdea"
          with = { script = "core.info('$${{ github.event.inputs.note }}')" } # want
        },
      ]
    }
  }
  stage "azure" {
    image = "debian:12-slim"
    step "s" { run = "./build.sh" }
    native "azure" {
      steps = [
        { script = "echo \"building $(Build.SourceBranchName)\"" }, # want
        { bash = "./changelog.sh '$(Build.SourceVersionMessage)'" }, # want
      ]
    }
  }
  stage "circleci" {
    image = "debian:12-slim"
    step "s" { run = "./build.sh" }
    native "circleci" {
      steps = [
        { run = "docker tag app \"app:<< pipeline.git.branch >>\"" }, # want
        { run = { command = "echo << pipeline.git.commit.subject >>" } }, # want
      ]
    }
  }
  stage "gitlab" {
    image = "debian:12-slim"
    step "s" { run = "./build.sh" }
    native "gitlab" {
      script = ["./notify.sh \"$[[ inputs.note ]]\""] # want
    }
  }
}
