# Trigger globs that match the empty name: every branch (`**`, which GitHub uses to
# leave tags out) and every tag but release candidates. GitLab leaves the variable of
# the other kind of ref unset and matches it as "", and CircleCI's pipeline.git.tag is
# "" on a branch push and pipeline.git.branch "" on a tag push: so each such glob also
# requires a name, or `*` would let every branch push through as a tag.
pipeline "triggers-globs-matching-empty" {
  on {
    push {
      branches = ["**"]
      tags     = ["*", "!*-rc*"]
    }
  }

  stage "build" {
    step "make" {
      run = "make"
    }
  }
}
