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
    outputs = ["version", "changed"]
    step "s" { run = "echo version=1 >> \"$PIPEC_OUTPUT\"" }
  }
  stage "deploy" {
    image = "debian:12-slim"
    needs = ["build"]
    when  = stage.build.outputs.changed == "true"
    step "s" { run = "./deploy.sh \"${stage.build.outputs.version}\"" }
  }
}
