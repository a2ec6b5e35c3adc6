pipeline "p" {
  on {
    push {
      branches = ["main"]
    }
  }
  env = {
    BUILD_BUILDID = "local"
  }
  defaults {
    image   = "golang:1.23"
    timeout = "10m"
  }
  stage "build" {
    # ci references, which every target sets; CI, which every platform sets.
    step "test" {
      run = "GOCACHE=${ci.workspace}/.gocache go test ./... && [ -n \"$CI\" ]"
    }
    # Text, not an expansion: single quotes, a comment, a quoted here-document, a
    # backslash.
    step "docs" {
      run = <<-EOT
        echo 'set $GITHUB_SHA in your workflow' # or $CI_COMMIT_SHA
        cat <<'EOF' > README.ci
        GitLab sets $CI_PROJECT_DIR.
        EOF
        echo "\$CIRCLE_SHA1"
      EOT
    }
    # Variables the spec sets itself, and ordinary names.
    step "own" {
      run = "echo $BUILD_BUILDID $GITHUB_TOKEN $BUILD_DIR $CIRCLE_TOKEN"
      env = {
        GITHUB_TOKEN = "none"
      }
    }
    # A variable the script sets before it reads it.
    step "assigned" {
      run = "CI_PROJECT_DIR=$(pwd); export GITHUB_SHA=local; echo $CI_PROJECT_DIR $GITHUB_SHA"
    }
    step "python" {
      shell = "python"
      run   = "import os; print(os.environ.get('GITHUB_SHA'))"
    }
  }
}
