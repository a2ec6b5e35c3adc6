# Fails on GitHub only: GitHub expressions cannot cut a SHA or match a glob in the middle,
# so ci.short_sha in `when`, and a pattern with an inner wildcard, are errors.
pipeline "fail-github-unsupported-conditions" {
  on {
    push {}
  }

  stage "build" {
    when = ci.short_sha != "" && matches(ci.branch, "feature/*/wip")
    env = {
      TAG = "build-${ci.short_sha}"
    }
    step "compile" {
      run = "make TAG=$TAG"
    }
  }
}
