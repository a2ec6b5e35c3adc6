# Fails: names other tools use, close to no name of pipec's, so without a "did you mean":
# schedule for cron, image_name for image, after for needs, dispatch for manual. Each is
# one error: the attribute it stands for is not reported missing as well (the error says
# what the block must set), and what it declares is not reported unknown where used
# (the input read by stage "gated", the output stage "report" reads without needs).
pipeline "fail-synonym-names" {
  on {
    schedule "nightly" {
      schedule = "0 2 * * *"
    }
    dispatch {
      input "force" {
        type = "boolean"
      }
    }
  }

  stage "build" {
    outputs = ["version"]
    service "db" {
      image_name = "postgres:16"
    }
    step "x" {
      run = "echo"
    }
  }

  stage "report" {
    after = ["build"]
    step "x" {
      run = "echo ${stage.build.outputs.version}"
    }
  }

  stage "gated" {
    when = input.force
    step "x" {
      run = "echo"
    }
  }
}
