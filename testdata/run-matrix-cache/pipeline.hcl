# Caches of matrix stages: each cell keeps its own files (a virtualenv per Python), so a
# cell restores what the same cell saved, never another's. "use" restores the caches
# "warm" saved under the same key. Values a cache key cannot hold (linux/amd64) tell the
# cells apart by their position.
pipeline "run-matrix-cache" {
  on {
    push {
      branches = ["main"]
    }
  }

  stage "warm" {
    matrix {
      axes = { python = ["3.11", "3.12"] }
    }
    cache {
      paths     = [".venv"]
      key       = "venv"
      key_files = ["requirements.txt"]
    }
    step "build" {
      run = "mkdir -p .venv && echo \"${matrix.python}\" > .venv/python"
    }
  }

  stage "use" {
    needs = ["warm"]
    matrix {
      axes = { python = ["3.11", "3.12"] }
    }
    cache {
      paths     = [".venv"]
      key       = "venv"
      key_files = ["requirements.txt"]
    }
    step "check" {
      run = "echo \"python ${matrix.python} restored $(cat .venv/python)\"; test \"$(cat .venv/python)\" = \"${matrix.python}\""
    }
  }

  stage "platforms" {
    matrix {
      axes = { platform = ["linux/amd64", "linux/arm64"] }
    }
    cache {
      paths = ["out"]
    }
    step "build" {
      run = "mkdir -p out && echo \"${matrix.platform}\" > out/platform"
    }
  }
}
