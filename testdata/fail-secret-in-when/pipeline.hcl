# Fails: a secret used in `when` (where the platform would not mask it) and in a stage
# image; secrets reach a step's run script or env only.
pipeline "fail-secret-in-when" {
  on {
    push {}
  }

  secret "feature_flag" {}

  stage "deploy" {
    when  = secret.feature_flag == "on"
    image = "registry.example.com/deploy:${secret.feature_flag}"
    step "go" {
      run = "./deploy.sh"
    }
  }
}
