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
  secret "api_key" {}
  stage "mirror" {
    image = "alpine/git:2.45.2"
    step "push" {
      run = "git push \"https://x-access-token:${secret.gh_token}@github.com/org/mirror.git\" HEAD" # want
    }
    # The same, through the step's env.
    step "clone" {
      run = "git clone https://x-access-token:$GH_TOKEN@github.com/org/tools.git" # want
      env = {
        GH_TOKEN = secret.gh_token
      }
    }
    # A query string is logged by every server and proxy on the way.
    step "notify" {
      run = "curl -fsS \"https://api.example.com/v1/notify?api_key=${secret.api_key}\"" # want
    }
  }
}
