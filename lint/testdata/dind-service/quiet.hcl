pipeline "p" {
  on {
    push {
      branches = ["main"]
    }
  }
  defaults {
    timeout = "10m"
  }
  # The runner's own docker, on GitHub, GitLab's shell runners, CircleCI's machine and
  # Azure's agents.
  stage "image" {
    step "build" { run = "docker build -t app ." }
  }
  # A docker client image, and a service that is not Docker's daemon.
  stage "test" {
    image = "docker:27-cli"
    service "db" {
      image = "postgres:16"
    }
    step "s" {
      run   = "docker version --format '{{.Client.Version}}'"
      shell = "sh"
    }
  }
}
