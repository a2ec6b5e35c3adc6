# Fails on GitLab: a native `stage` naming one of pipec's stages that puts a job before a
# job it needs. GitLab refused the file ("needs ... is in a future stage") and pipec
# wrote it; it is now an error at the native value that moved a job: "notify" moved into
# the first stage, before the job it needs, and "build" moved into the last stage, after
# the job that needs it.
pipeline "fail-gitlab-native-stage-order" {
  on {
    push {}
  }

  stage "build" {
    step "make" {
      run = "make"
    }
    native "gitlab" {
      stage = "notify"
    }
  }

  stage "test" {
    needs = ["build"]
    step "test" {
      run = "make test"
    }
  }

  stage "notify" {
    needs = ["test"]
    step "say" {
      run = "echo finished"
    }
    native "gitlab" {
      stage = "build"
    }
  }
}
