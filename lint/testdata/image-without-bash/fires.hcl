pipeline "p" {
  on {
    push {}
  }
  defaults {
    timeout = "10m"
    image   = "busybox:1.36" # want
  }
  stage "node" {
    image = "node:20-alpine" # want
    step "s" { run = "npm ci" }
  }
  stage "plain" {
    image = "alpine:3.20" # want
    step "sh" {
      shell = "sh"
      run   = "echo one"
    }
    step "bash" { run = "echo two" }
  }
  stage "default" {
    step "s" { run = "echo default" }
  }
  stage "matrix" {
    matrix {
      axes = { v = ["3.12-slim", "3.12-alpine"] }
    }
    image = "python:${matrix.v}" # want
    step "s" { run = "pytest" }
  }
  stage "probe" {
    image = "curlimages/curl:8.10.1" # want
    step "s" { run = "curl -sf https://example.com/" }
  }
  stage "docker" {
    image = "docker:27.3" # want
    step "s" { run = "docker version" }
  }
}
