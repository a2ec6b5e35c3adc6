pipeline "p" {
  on {
    push {
      branches = ["main"]
    }
  }
  defaults {
    timeout = "10m"
  }
  stage "test" {
    image = "python" # want
    service "db" {
      image = "postgres:latest" # want
    }
    step "s" { run = "pytest" }
  }
}
