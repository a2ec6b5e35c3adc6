# Every portable runner class, a self-hosted label list, and the defaults runner that a
# stage without its own runner gets.
pipeline "runner-classes" {
  on {
    push {
      branches = ["main"]
    }
  }

  defaults {
    runner = ["self-hosted", "linux", "x64"]
  }

  stage "on-default" {
    step "uname" {
      run = "uname -a"
    }
  }

  stage "linux" {
    runner = "linux"
    step "uname" {
      run = "uname -a"
    }
  }

  stage "linux-arm" {
    runner = "linux-arm64"
    step "uname" {
      run = "uname -m"
    }
  }

  stage "mac" {
    runner = "macos"
    step "sw-vers" {
      run = "sw_vers"
    }
  }

  stage "win" {
    runner = "windows"
    step "ver" {
      shell = "pwsh"
      run   = "Get-ComputerInfo | Select-Object OsName"
    }
  }

  stage "gpu" {
    runner = ["self-hosted", "gpu", "linux"]
    needs  = ["on-default", "linux", "linux-arm", "mac", "win"]
    step "nvidia" {
      run = "nvidia-smi"
    }
  }
}
