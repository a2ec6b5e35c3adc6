# Fails on GitHub only: job containers and service containers need a Linux runner, so an
# image on a windows runner and services on a macos runner are errors for this target.
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
