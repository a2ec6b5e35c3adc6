# Runs for real (run-github.txt): a stage with retries whose first try writes an output
# and fails. The output is not the stage's: the try that passes wrote none, so the stage
# after it reads it empty, as GitLab, which retries the whole job, hands it on. GitHub's
# retry loop, and the steps CircleCI and Azure rerun, drop a failed try's lines first.
pipeline "run-retry-outputs" {
  on {
    push {
      branches = ["main"]
    }
  }

  stage "flaky" {
    retries = 2
    outputs = ["result", "attempt"]
    step "second-try" {
      run = <<-EOT
        n=$(cat .tries 2>/dev/null || echo 0); n=$((n + 1)); echo "$n" > .tries
        echo "attempt=$n" >> "$PIPEC_OUTPUT"
        if [ "$n" -lt 2 ]; then echo "result=from-failed-try" >> "$PIPEC_OUTPUT"; exit 1; fi
      EOT
    }
  }

  stage "after" {
    needs = ["flaky"]
    step "read" {
      run = "echo \"result=[${stage.flaky.outputs.result}] attempt=${stage.flaky.outputs.attempt}\""
    }
  }
}
