# The escape hatch: raw keys merged into the emitted GitHub job, with strings, numbers,
# booleans, lists and nested maps kept as written. A key the job already has is replaced
# in place (timeout-minutes, permissions); a native block for another target is ignored
# by the GitHub output.
pipeline "native-github" {
  on {
    push {
      branches = ["main"]
    }
  }

  stage "docs" {
    step "build" {
      run = "mkdocs build --strict"
    }
    native "github" {
      continue-on-error = true
      concurrency = {
        group                = "docs-publish"
        "cancel-in-progress" = true
      }
    }
  }

  stage "bench" {
    needs   = ["docs"]
    timeout = "30m"
    step "run" {
      run = "go test -bench=. ./..."
    }
    native "github" {
      timeout-minutes = 15
      defaults = {
        run = {
          "working-directory" = "bench"
        }
      }
      permissions = {
        contents        = "read"
        "pull-requests" = "write"
      }
      env = {
        BENCH_COUNT = 5
        TAGS        = "bench,integration"
      }
    }
    native "gitlab" {
      interruptible = true
      tags          = ["bench"]
    }
  }
}
