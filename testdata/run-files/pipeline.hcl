# Runs for real (run-github.txt): a step runs a script from the checkout, which writes a
# file that a later step reads; references reach the scripts through the environment.
pipeline "run-files" {
  on {
    push {
      branches = ["main"]
    }
  }

  env = {
    APP_NAME = "shop"
  }

  stage "build" {
    when = ci.branch == "main" && ci.event == "push"
    step "compile" {
      run = "./scripts/build.sh \"$APP_NAME\""
    }
    step "inspect" {
      run = "test -f dist/app.txt && echo \"dist says: $(cat dist/app.txt)\""
    }
    step "context" {
      run = "echo \"built on branch ${ci.branch} for event ${ci.event}\""
      env = {
        GREETING = "hello"
      }
    }
    step "env" {
      run = "echo \"greeting is [$${GREETING:-unset}]\""
    }
  }

  stage "test" {
    needs = ["build"]
    step "fresh-checkout" {
      run = "if [ -e dist/app.txt ]; then echo \"stale dist leaked\"; else echo \"clean checkout: $(ls scripts)\"; fi"
    }
  }
}
