# Fails on GitHub: a hosted runner stops a job after 6 hours, so a longer timeout is an
# error there, and a warning on Azure, whose hosted agents stop it at the same limit
# whatever timeoutInMinutes says. Self-hosted runners take up to 5 days on GitHub and
# have no limit on Azure.
pipeline "fail-timeouts-over-hosted-limits" {
  on {
    push {
      branches = ["main"]
    }
  }

  defaults {
    timeout = "8h"
  }

  stage "soak" {
    runner = "windows"
    step "run" {
      shell = "pwsh"
      run   = "./soak.ps1"
    }
  }

  stage "train" {
    runner  = ["self-hosted", "linux", "gpu"]
    timeout = "2d"
    step "fit" {
      run = "python train.py"
    }
  }
}
