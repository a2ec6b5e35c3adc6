# A native GitLab `stage` naming a stage pipec does not write: GitLab refused the file
# ("chosen stage does not exist") and pipec exited 0. The stage is now listed in
# `stages:`, right after the depth of the first job that names it, so the jobs it needs
# come before it and the jobs that need it after.
pipeline "gitlab-native-stage" {
  on {
    push {}
  }

  stage "build" {
    step "make" {
      run = "make"
    }
  }

  stage "publish" {
    needs = ["build"]
    step "push" {
      run = "make push"
    }
    native "gitlab" {
      stage = "release"
    }
  }

  stage "notify" {
    needs = ["publish"]
    step "say" {
      run = "echo finished"
    }
  }
}
