pipeline "p" {
  on {
    push {
      branches = ["main"]
    }
  }
  defaults {
    timeout = "10m"
  }
  stage "build" {
    image   = "alpine:3.20"
    outputs = ["version", "digest"] # want
    step "s" { run = "echo version=1 >> \"$PIPEC_OUTPUT\"" }
  }
  stage "deploy" {
    image = "alpine:3.20"
    needs = ["build"]
    step "s" { run = "./deploy.sh \"${stage.build.outputs.version}\"" }
  }
}
