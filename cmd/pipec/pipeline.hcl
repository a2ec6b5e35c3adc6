# The CI/CD pipeline of pipec, written by pipec init from what it found here:
# nothing pipec init knows.
#
#   pipec lint       checks this file
#   pipec graph      draws the jobs it compiles to
#   pipec generate   writes the CI files of GitHub Actions, GitLab CI, CircleCI and
#                    Azure Pipelines beside it (--target picks some)
#
# pipec lint also says what a platform cannot do as written: CircleCI applies no
# timeout and tells pushes from pull requests only for GitHub App projects. If you do
# not use CircleCI, lint and generate with --target github (or gitlab, azure).
pipeline "pipec" {
  on {
    push {
      branches = ["main"]
    }
  }

  # What every stage gets unless it says otherwise. A stage that runs longer is
  # stopped, so a hung test does not hold a runner for hours.
  defaults {
    runner  = "linux"
    timeout = "30m"
  }

  # Replace this step with the commands that build and test the project.
  stage "build" {
    step "hello" {
      run = "echo 'pipec runs this on every push'"
    }
  }
}
