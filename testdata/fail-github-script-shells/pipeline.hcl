# Fails on GitHub only: GitHub cannot re-run a job, so pipec retries inside each step,
# which it can do for bash, sh, pwsh, powershell and python steps (see
# retries-script-shells) but not for cmd, which cannot hold a script verbatim. The
# retries come from defaults, and the error points there, once for each cmd step, naming it
# and noting its shell.
pipeline "fail-github-script-shells" {
  on {
    push {}
  }

  defaults {
    retries = 2
  }

  stage "report" {
    runner = "windows"
    step "ver" {
      shell = "cmd"
      run   = "ver"
    }
  }

  stage "audit" {
    runner = "windows"
    step "list" {
      shell = "cmd"
      run   = "dir /s"
    }
  }
}
