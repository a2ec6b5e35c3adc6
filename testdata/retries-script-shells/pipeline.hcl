# Stage retries on every shell but cmd. GitHub cannot re-run a job, so each step runs its
# script as a child process in a loop: pwsh and powershell through the command GitHub
# itself uses ($ErrorActionPreference = 'stop', the last exit code), python with the
# step's interpreter. Quotes of every kind, backslashes and a reference show how the
# script is carried. GitLab, CircleCI and Azure Pipelines retry natively.
pipeline "retries-script-shells" {
  on {
    push {}
  }

  stage "report" {
    retries = 2
    runner  = "windows"
    step "py" {
      shell = "python"
      run   = <<-EOT
        import platform
        print("it's \"python\" \\", platform.python_version())
      EOT
    }
    step "ps" {
      shell = "pwsh"
      run   = "Write-Host 'it''s' ‘pwsh’ $PSVersionTable.PSVersion\n& git --version"
    }
    step "winps" {
      shell = "powershell"
      run   = "Write-Host \"branch: ${ci.branch}\""
    }
  }
}
