# Job containers and service containers need a Linux runner on GitHub and on GitLab's hosted
# runners (virtual machines): an image on windows and services on macos are errors there.
pipeline "fail-github-image-on-windows" {
  on {
    push {}
  }

  stage "win" {
    runner = "windows"
    image  = "mcr.microsoft.com/windows/servercore:ltsc2022"
    step "build" {
      shell = "pwsh"
      run   = "dotnet build"
    }
  }

  stage "mac" {
    runner = "macos"
    service "db" {
      image = "postgres:16"
    }
    step "test" {
      run = "swift test"
    }
  }
}
