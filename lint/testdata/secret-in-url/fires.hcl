pipeline "p" {
  on {
    push {
      branches = ["main"]
    }
  }
  defaults {
    timeout = "10m"
  }
  secret "gh_token" {}
  stage "mirror" {
    image = "alpine/git:2.45.2"
    step "push" {
      run = "git push \"https://x-access-token:${secret.gh_token}@github.com/org/mirror.git\" HEAD" # want
    }
  }
}
