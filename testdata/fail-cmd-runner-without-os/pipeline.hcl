# A cmd step on self-hosted runners whose labels name no operating system: GitHub lets
# the runner decide; GitLab, CircleCI and Azure must know it is Windows, and the error
# says what the labels lack rather than that self-hosted runners cannot run cmd.
pipeline "fail-cmd-runner-without-os" {
  on {
    push {
      branches = ["main"]
    }
  }

  stage "package" {
    runner = ["self-hosted", "build-pool"]
    step "msbuild" {
      shell = "cmd"
      run   = "msbuild App.sln /p:Configuration=Release"
    }
  }
}
