# Fails on GitHub only: a python step cannot have references interpolated (it should read
# os.environ), and stage retries wrap bash and sh steps only, not pwsh.
pipeline "fail-github-script-shells" {
  on {
    push {}
  }

  stage "report" {
    retries = 2
    runner  = "windows"
    step "py" {
      shell = "python"
      run   = "print('${ci.commit_sha}')"
    }
    step "ps" {
      shell = "pwsh"
      run   = "Write-Host $env:GITHUB_SHA"
    }
  }
}
