pipeline "p" {
  on {
    push {
      branches = ["main"]
    }
    manual {
      input "suite" {
        type    = "choice"
        options = ["smoke", "full"]
        default = "smoke"
      }
      input "shards" {
        type    = "number"
        default = 4
      }
    }
  }
  env = {
    REGISTRY = "ghcr.io"
  }
  defaults {
    timeout = "10m"
  }
  stage "a" {
    image = "debian:12-slim"
    step "s" { run = "true" }
    native "github" {
      permissions = { contents = "read" }
    }
  }
  # Unquoted, but one word whatever the run: shellcheck's quoting note (SC2086) on these
  # says nothing. (The branch is untrusted-in-script's to judge.)
  stage "b" {
    image = "debian:12-slim"
    matrix {
      axes = { node = ["20", "22"] }
    }
    step "s" { run = "docker build -t $REGISTRY/app:${ci.commit_sha}-${matrix.node} --label branch=${ci.branch} ." }
    # A choice of one-word options, or a number, is one word too.
    step "t" { run = "pytest -m ${input.suite} -n ${input.shards}" }
  }
}
