# Fails: an HCL syntax error (a list without its comma); nothing else is checked.
pipeline "fail-hcl-syntax" {
  on {
    push {}
  }

  stage "lint" {
    step "vet" {
      run = "go vet ./..."
    }
  }

  stage "unit" {
    step "test" {
      run = "go test ./..."
    }
  }

  stage "build" {
    needs = ["lint" "unit"]
    step "compile" {
      run = "go build ./..."
    }
  }
}
