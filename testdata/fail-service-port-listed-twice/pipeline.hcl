# Fails: a service lists port 5432 twice; the error is at the second. Every target
# publishes each listed port, and none takes one twice.
pipeline "fail-service-port-listed-twice" {
  on {
    push {}
  }

  stage "test" {
    service "db" {
      image = "postgres:16"
      ports = [5432, 8080, 5432]
    }
    step "x" {
      run = "echo"
    }
  }
}
