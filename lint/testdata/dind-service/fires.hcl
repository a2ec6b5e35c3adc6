pipeline "p" {
  on {
    push {
      branches = ["main"]
    }
  }
  defaults {
    timeout = "10m"
  }
  stage "image" {
    image = "docker:27-cli"
    service "docker" {
      image = "docker:27-dind" # want
    }
    step "build" {
      run   = "docker build -t app ."
      shell = "sh"
    }
  }
  # DOCKER_HOST and DOCKER_TLS_CERTDIR make it work on GitLab, on a privileged runner,
  # and native options on GitHub; CircleCI and Azure still start it without --privileged.
  stage "gitlab-ready" {
    image = "docker:27-cli"
    env = {
      DOCKER_HOST        = "tcp://docker:2375"
      DOCKER_TLS_CERTDIR = ""
    }
    service "docker" {
      image = "docker.io/library/docker:dind" # want
      env   = { DOCKER_TLS_CERTDIR = "" }
    }
    step "build" {
      run   = "docker build -t app ."
      shell = "sh"
    }
    native "github" {
      services = { docker = { options = "--privileged" } }
    }
  }
}
