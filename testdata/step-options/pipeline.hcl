# Step options: env, every shell (bash is the default and is not repeated; sh, pwsh,
# powershell, cmd and python are named), working_directory, timeout and continue_on_error.
# References reach pwsh as $env:NAME and cmd as %NAME%; a python step reads its env. On
# Windows a python step runs python (Windows has no python3.exe) and powershell Windows
# PowerShell.
pipeline "step-options" {
  on {
    push {
      branches = ["main"]
    }
  }

  stage "unix" {
    step "default-bash" {
      run = "echo \"bash $BASH_VERSION\""
    }
    step "explicit-bash" {
      shell = "bash"
      run   = "set -x; echo explicit"
    }
    step "posix-sh" {
      shell             = "sh"
      working_directory = "scripts"
      run               = "./configure --prefix=/usr && echo \"built ${ci.commit_sha}\""
    }
    step "python" {
      shell = "python"
      env = {
        COMMIT = ci.commit_sha
        LEVEL  = "3"
      }
      run = <<-EOT
        import os
        print("commit", os.environ["COMMIT"], "level", int(os.environ["LEVEL"]))
      EOT
    }
    step "slow" {
      timeout           = "5m"
      continue_on_error = true
      run               = "./flaky-download.sh"
    }
    step "strict" {
      continue_on_error = false
      timeout           = "1h"
      run               = "make check"
    }
  }

  stage "windows" {
    runner = "windows"
    step "pwsh" {
      shell = "pwsh"
      env = {
        CONFIGURATION = "Release"
      }
      run = "Write-Host \"configuration $env:CONFIGURATION on ${ci.branch}\""
    }
    step "powershell" {
      shell             = "powershell"
      working_directory = "src\\App"
      run               = "Get-ChildItem"
    }
    step "cmd" {
      shell = "cmd"
      run   = "echo run %RUNNER_OS%"
    }
    step "windows-python" {
      shell = "python"
      run   = "import platform; print(platform.system())"
    }
  }
}
