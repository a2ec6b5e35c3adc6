# Service containers with env and ports; caches keyed on files, on a fixed key prefix, and
# on the commit alone (no key_files); a matrix cache key includes the cell.
pipeline "services-and-cache" {
  on {
    push {
      branches = ["main"]
    }
  }

  stage "integration" {
    image = "python:3.12"
    service "postgres" {
      image = "postgres:16-alpine"
      env = {
        POSTGRES_PASSWORD = "test"
        POSTGRES_DB       = "app"
      }
      ports = [5432]
    }
    service "redis" {
      image = "redis:7"
      ports = [6379, 16379]
    }
    cache {
      paths     = ["~/.cache/pip", ".venv"]
      key_files = ["requirements.txt", "requirements-dev.txt"]
      key       = "pip"
    }
    step "test" {
      run = "pytest tests/integration"
      env = {
        DATABASE_URL = "postgresql://postgres:test@postgres:5432/app"
        REDIS_URL    = "redis://redis:6379/0"
      }
    }
  }

  stage "host-services" {
    runner = "linux"
    service "mysql" {
      image = "mysql:8.4"
      env = {
        MYSQL_ROOT_PASSWORD = "root"
      }
      ports = [3306]
    }
    cache {
      paths = ["build/"]
    }
    step "test" {
      run = "make test DB_HOST=127.0.0.1"
    }
  }

  stage "matrix-cache" {
    matrix {
      axes = { go = ["1.22", "1.23"] }
    }
    cache {
      paths     = ["~/go/pkg/mod"]
      key_files = ["**/go.sum"]
    }
    step "test" {
      run = "go test ./..."
    }
  }
}
