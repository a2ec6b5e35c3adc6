# Fails: image names no container runtime pulls, which every platform accepts in the YAML
# and the job then fails on: an empty image, a capital in the repository path, an empty
# tag, a space, and a service image with two tags. A reference stands for a value that
# fits where it is ("python:${matrix.python}-slim" is fine).
pipeline "fail-bad-images" {
  on {
    push {}
  }

  defaults {
    image = ""
  }

  stage "test" {
    image = "Python:3.12"
    matrix {
      axes = { python = ["3.11", "3.12"] }
    }
    service "db" {
      image = "postgres:16:alpine"
    }
    step "unit" {
      run = "pytest"
    }
  }

  stage "lint" {
    image = "python:${matrix.python}-slim"
    matrix {
      axes = { python = ["3.12"] }
    }
    step "ruff" {
      run = "ruff check ."
    }
  }

  stage "build" {
    needs = ["test", "lint"]
    image = "ghcr.io/org/builder:"
    step "image" {
      run = "make image"
    }
  }

  stage "scan" {
    needs = ["build"]
    image = "aquasec/trivy latest"
    step "scan" {
      run = "trivy image app"
    }
  }
}
