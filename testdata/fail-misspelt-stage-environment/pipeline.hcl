# Fails: a stage's misspelt environment attribute is one error, and it hides no other
# stage's unknown environment, which is reported with its "did you mean".
pipeline "fail-misspelt-stage-environment" {
  on {
    push {
      branches = ["main"]
    }
  }

  environment "prod" {}

  stage "deploy" {
    enviroment = "prod"
    step "ship" {
      run = "./ship.sh"
    }
  }

  stage "release" {
    environment = "prdo"
    step "tag" {
      run = "./tag.sh"
    }
  }
}
