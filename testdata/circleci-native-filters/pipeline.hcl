# A native CircleCI `filters` on a stage with a condition replaced the expression filter
# pipec wrote for that condition, and the job ran whenever the native filter admitted it,
# without a word. Each such native filter is now a warning (native-replaces-condition)
# that gives the expression to keep; an expression string is a filter CircleCI takes, so
# it is no bad-native-value. A stage without a condition keeps its native filter silently.
pipeline "circleci-native-filters" {
  on {
    push {}
  }

  stage "build" {
    step "make" {
      run = "make"
    }
    native "circleci" {
      filters = { branches = { ignore = ["wip"] } }
    }
  }

  stage "deploy" {
    needs = ["build"]
    when  = ci.branch == "main"
    step "make" {
      run = "make deploy"
    }
    native "circleci" {
      filters = { branches = { ignore = ["wip"] } }
    }
  }

  stage "notify" {
    needs = ["deploy"]
    step "say" {
      run = "echo finished"
    }
    native "circleci" {
      filters = "pipeline.git.branch != \"wip\""
    }
  }
}
