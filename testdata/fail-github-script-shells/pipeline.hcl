# Fails on GitHub only: stage retries wrap bash and sh steps only, not pwsh or python
# (GitHub cannot re-run a job; pipec retries inside the step).
pipeline "fail-github-script-shells" {
  on {
    push {}
  }

  stage "report" {
    retries = 2
    runner  = "windows"
    step "py" {
      shell = "python"
      run   = "import platform; print(platform.python_version())"
    }
    step "ps" {
      shell = "pwsh"
      run   = "Write-Host $PSVersionTable.PSVersion"
    }
  }
}
