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
    image = "registry.example.com:5000/python:3.12"
    service "db" {
      image = "postgres@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
    }
    step "s" { run = "pytest" }
  }
  # Every image the matrix makes has a tag.
  stage "matrix" {
    image = "${matrix.image}"
    matrix {
      axes = { image = ["debian:12-slim", "debian:13-slim"] }
    }
    step "s" { run = "make" }
  }
  stage "native" {
    image = "python:3.12-slim"
    step "s" { run = "pytest" }
    native "gitlab" {
      image    = { name = "python:3.12", entrypoint = [""] }
      services = [{ name = "redis:7.4", alias = "cache" }]
    }
    native "github" {
      container = "$${{ vars.BUILDER_IMAGE }}"
    }
    native "circleci" {
      docker = [{ image = "cimg/python:3.12" }]
    }
  }
}
