# An artifact whose paths match no file fails the job that produces it, on every target:
# GitLab alone would pass the job with a warning and fail the reader later.
pipeline "run-artifact-missing" {
  on {
    push {}
  }

  stage "build" {
    step "build" {
      run = "mkdir -p dist && echo built"
    }
    artifact "bin" {
      paths = ["dist/*.bin", "dist/*.sig"]
    }
  }

  stage "publish" {
    needs = ["build"]
    step "publish" {
      run = "ls dist && echo published"
    }
  }
}
