# Fails: a stage reads another stage's output without needing it (directly: needing a
# stage that needs it is not enough), and reads an output that was never declared.
pipeline "fail-output-not-needed" {
  on {
    push {}
  }

  stage "version" {
    outputs = ["version"]
    step "compute" {
      run = "echo version=1.0.0 >> \"$PIPEC_OUTPUT\""
    }
  }

  stage "build" {
    needs = ["version"]
    step "compile" {
      run = "make VERSION=${stage.version.outputs.version}"
    }
  }

  stage "publish" {
    needs = ["build"]
    when  = stage.version.outputs.version != ""
    step "push" {
      run = "./publish.sh ${stage.version.outputs.version} ${stage.build.outputs.digest}"
    }
  }
}
