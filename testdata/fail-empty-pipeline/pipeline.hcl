# Fails: a pipeline without stages would be a workflow with no job, which GitHub, GitLab
# and CircleCI refuse.
pipeline "fail-empty-pipeline" {
  on {
    push {}
  }
}
