# Fails: a working_directory starting with ~ is the home directory on CircleCI only;
# GitHub, GitLab and Azure would run the step in a directory named ~ in the project.
# A path relative to the project, or an absolute one, is the same everywhere.
pipeline "fail-working-directory-home" {
  on {
    push {
      branches = ["main"]
    }
  }

  stage "build" {
    step "tools" {
      working_directory = "~/tools"
      run               = "./install.sh"
    }
    step "app" {
      working_directory = "services/app"
      run               = "make"
    }
    step "opt" {
      working_directory = "/opt/sdk"
      run               = "./sdk version"
    }
  }
}
