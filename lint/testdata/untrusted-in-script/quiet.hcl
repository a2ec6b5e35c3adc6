pipeline "p" {
  on {
    push {
      branches = ["main", "release/*"]
    }
    pull_request {}
  }
  defaults {
    timeout = "10m"
  }
  environment "production" {
    branches = ["main"]
  }
  stage "tag" {
    image = "alpine:3.20"
    step "s" {
      run = "git tag \"build-${ci.branch}\" && echo '${ci.commit_sha}' # ${ci.branch}"
    }
  }
  # Runs for main only: the branch name is the spec's, not an outsider's.
  stage "publish" {
    image = "alpine:3.20"
    when  = ci.branch == "main" && ci.event == "push"
    step "s" {
      run = "./publish.sh --branch ${ci.branch}"
    }
  }
  stage "deploy" {
    image       = "alpine:3.20"
    environment = "production"
    step "s" {
      run = "./deploy.sh --ref ${ci.ref}"
    }
  }
}
