# A matrix axis that lists a value twice (numbers and strings compare by their text: 3.10
# and "3.10" are one value) would run one cell twice, under one name on every platform;
# a service port outside 1-65535 is refused by every container runtime.
pipeline "fail-matrix-and-port-values" {
  on {
    push {}
  }

  stage "test" {
    matrix {
      axes = {
        python = [3.10, "3.11", "3.10"]
        os     = ["linux", "linux"]
      }
    }
    service "db" {
      image = "postgres:16"
      ports = [5432, 0, 65536]
    }
    step "test" {
      run = "pytest"
    }
  }
}
