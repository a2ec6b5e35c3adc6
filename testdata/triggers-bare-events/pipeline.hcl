# Events without filters: every push and a manual run without inputs (both render as a
# null event). Pull requests filter on paths_ignore alone, which stays paths-ignore.
pipeline "triggers-bare-events" {
  on {
    push {}
    pull_request {
      paths_ignore = ["docs/**"]
    }
    manual {}
  }

  stage "hello" {
    step "say" {
      run = "echo hello"
    }
  }
}
