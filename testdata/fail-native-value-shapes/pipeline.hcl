# Fails: native values of a shape the platform refuses for that key. Each compiled to a
# file its platform rejects ("needs: must be an array", "Invalid format for steps"),
# and pipec wrote it; each is now an error at the value, for its target only.
pipeline "fail-native-value-shapes" {
  on {
    push {}
  }

  stage "build" {
    step "make" {
      run = "make"
    }
    native "gitlab" {
      tags  = "docker"
      rules = { if = "$CI_COMMIT_TAG" }
    }
    native "github" {
      steps = "make"
    }
    native "circleci" {
      docker         = "cimg/base:2024.01"
      resource_class = ["large"]
    }
    native "azure" {
      dependsOn = { stage = "x" }
    }
  }
}
