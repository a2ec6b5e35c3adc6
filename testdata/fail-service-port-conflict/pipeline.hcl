# Two services that listen on one port: on CircleCI a job's containers share one network,
# and on GitHub and Azure a stage without an image reaches its services at the ports the
# runner publishes, so the second cannot listen there (errors). A stage with an image
# reaches them by name on every target, and GitLab always does.
pipeline "fail-service-port-conflict" {
  on {
    push {}
  }

  stage "on-runner" {
    service "primary" {
      image = "postgres:16"
      ports = [5432]
    }
    service "replica" {
      image = "postgres:16"
      ports = [5432]
    }
    step "test" {
      run = "psql -h primary -c 'select 1' && psql -h replica -c 'select 1'"
    }
  }

  stage "in-container" {
    image = "python:3.12"
    service "primary" {
      image = "postgres:16"
      ports = [5432]
    }
    service "replica" {
      image = "postgres:16"
      ports = [5432]
    }
    step "test" {
      run = "psql -h primary -c 'select 1' && psql -h replica -c 'select 1'"
    }
  }
}
