# Runs for real (run-github.txt, run-gitlab.txt): matrix values holding `$` and `%` reach
# the script as written (GitLab expands its job variables, matrix values included, so
# pipec writes a literal `$` there as `$$`), and a bash step that may fail stops at a
# failed pipe as every bash step does (-o pipefail), then the job goes on; an sh step has
# no pipefail, on every target (GitLab once ran it inside the job's bash).
pipeline "run-dollar-values-and-pipes" {
  on {
    push {
      branches = ["main"]
    }
  }

  stage "cells" {
    matrix {
      axes = {
        value = ["$CI_JOB_STAGE", "a$$b", "50%"]
      }
      max_parallel = 1
    }
    step "show" {
      run = "echo \"cell=[${matrix.value}] env=[$VALUE]\""
      env = {
        VALUE = matrix.value
      }
    }
  }

  stage "pipes" {
    needs = ["cells"]
    step "may-fail" {
      continue_on_error = true
      run               = "false | cat\necho \"after the failed pipe\""
    }
    step "next" {
      run = "echo \"next step runs\""
    }
    step "posix" {
      shell = "sh"
      run   = "false | cat\necho \"sh lets the failed pipe pass\""
    }
  }
}
