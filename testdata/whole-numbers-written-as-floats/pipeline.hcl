# A whole number may be written with a fraction of zero or an exponent (2.0, 1e0): JSON
# Schema's "integer", which editors check a YAML or JSON spec with, counts 2.0 as the
# integer 2, so every front end reads it as 2.
pipeline "whole-numbers-written-as-floats" {
  on {
    push {}
  }

  stage "test" {
    timeout = "10m"
    retries = 2.0
    matrix {
      max_parallel = 1e0
      axes = {
        shard = ["a", "b"]
      }
    }
    service "db" {
      image = "postgres:16"
      ports = [5432.0]
    }
    step "show" {
      run = "echo ${matrix.shard}"
    }
  }
}
