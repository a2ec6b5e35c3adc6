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
  # One cell runs debian's latest.
  stage "matrix" {
    image = "${matrix.os}:${matrix.tag}" # want
    matrix {
      axes = { os = ["alpine"], tag = ["3.20"] }
      include = [{ os = "debian", tag = "latest" }]
    }
    step "s" { run = "make" }
  }
  # A native block's images reach its target as written.
  stage "native" {
    image = "python:3.12-slim"
    step "s" { run = "pytest" }
    native "gitlab" {
      image    = { name = "python:latest" } # want
      services = ["redis"] # want
    }
    native "github" {
      container = "node" # want
      services  = { db = { image = "mysql:8.4" } }
    }
    native "circleci" {
      docker = [{ image = "cimg/python:3.12" }, { image = "cimg/postgres" }] # want
    }
    native "azure" {
      container = { image = "ubuntu:latest" } # want
    }
  }
}
