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
    image   = "debian:12-slim"
    outputs = ["version", "digest"] # want
    step "s" { run = "echo version=1 >> \"$PIPEC_OUTPUT\"" }
  }
  stage "deploy" {
    image = "debian:12-slim"
    needs = ["build"]
    step "s" { run = "./deploy.sh \"${stage.build.outputs.version}\"" }
  }
}
