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
}
