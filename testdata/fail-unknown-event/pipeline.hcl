# Fails: ci.event is compared with events the language does not have: "merge_request"
# (GitLab's word), "workflow_dispatch" (GitHub's word for manual) and "tag".
pipeline "fail-unknown-event" {
  on {
    push {}
    pull_request {}
  }

  stage "review" {
    when = ci.event == "merge_request" || ci.event != "workflow_dispatch" && "tag" == ci.event
    step "s" {
      run = "echo review"
    }
  }
}
