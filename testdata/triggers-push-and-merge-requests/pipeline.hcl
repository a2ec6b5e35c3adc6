# Pushes and every pull request. A feature branch deploys a preview from its pushes, and
# a snapshot is published for pushes only. GitLab would make only the merge request
# pipeline for a push to a branch with an open merge request (its usual way to avoid two
# pipelines for one commit), where neither runs: ci.event is pull_request there and the
# pushed ref is no branch. So GitLab makes both pipelines, as GitHub runs both workflows.
pipeline "triggers-push-and-merge-requests" {
  on {
    push {}
    pull_request {}
  }

  environment "preview" {
    branches = ["feature/**"]
  }

  stage "test" {
    step "unit" {
      run = "make test"
    }
  }

  stage "snapshot" {
    needs = ["test"]
    when  = ci.event == "push"
    step "publish" {
      run = "make publish-snapshot"
    }
  }

  stage "preview" {
    needs       = ["test"]
    environment = "preview"
    step "deploy" {
      run = "make deploy-preview"
    }
  }
}
