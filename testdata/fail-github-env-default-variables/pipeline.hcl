# Fails on GitHub: env that sets one of GitHub's default variables (GITHUB_SHA,
# RUNNER_TEMP), which GitHub ignores, so the job would see GitHub's value. GITHUB_TOKEN is
# no default variable: it stays. (GitLab's predefined CI_* variables are a warning there:
# targets/gitlab's tests.)
pipeline "fail-github-env-default-variables" {
  on {
    push {}
  }
  env = {
    GITHUB_SHA = "pinned"
  }

  stage "build" {
    env = {
      RUNNER_TEMP  = "/scratch"
      GITHUB_TOKEN = "unused"
    }
    step "make" {
      run = "make"
    }
  }
}
