# GitHub refuses a workflow whose env names differ only by case, Azure upper-cases its
# variables' names and Windows has one variable for both: an error at the second name.
pipeline "fail-env-names-differ-by-case" {
  on {
    push {}
  }
  env = {
    token = "a"
    TOKEN = "b"
  }
  stage "a" {
    step "s" {
      run = "echo"
    }
  }
}
