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
      run = "git -c credential.helper='!f() { echo username=x-access-token; echo \"password=$GH_TOKEN\"; }; f' push https://github.com/org/mirror.git HEAD"
      env = {
        GH_TOKEN = secret.gh_token
      }
    }
  }
}
