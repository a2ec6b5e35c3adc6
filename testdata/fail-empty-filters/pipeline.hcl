# Fails: each filter written as an empty list. pipec would read an empty list as no
# filter (GitHub's "push:" with no branches, Azure's include "*"), which runs on every
# branch, tag or path, or lets every branch deploy: the opposite of what the list says.
# paths_ignore = [] ignores nothing, as leaving it out does, and is accepted.
pipeline "fail-empty-filters" {
  on {
    push {
      branches     = []
      tags         = []
      paths        = []
      paths_ignore = []
    }
    pull_request {
      branches = []
      paths    = []
    }
  }

  environment "production" {
    branches = []
  }

  stage "deploy" {
    environment = "production"
    step "x" {
      run = "echo"
    }
  }
}
