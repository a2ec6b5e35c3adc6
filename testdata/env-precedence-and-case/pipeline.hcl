# Variables keep the names and the precedence the spec gives them on every target: a
# step's env outranks its stage's, a stage's outranks the pipeline's, also when the
# outranked one reads a ci value (CircleCI exports those it has no pipeline value for,
# such as ci.event, through $BASH_ENV, which bash reads after a step's environment;
# Azure gives them to each step's env). Azure hands its variables to scripts in upper
# case, so names with lower-case letters go to each step's env instead, where they keep
# their case. The GitHub and GitLab runs (run-*.txt) check the values the step sees.
pipeline "env-precedence-and-case" {
  on {
    push {
      branches = ["main"]
    }
  }

  env = {
    X      = "${ci.branch}"
    Y      = "pipeline"
    lower  = "l"
    Mixed  = "m"
    UPPER  = "u"
  }

  stage "a" {
    env = {
      X     = "stage"
      Y     = "${ci.commit_sha}"
      Z     = "${ci.event}"
      inner = "i"
    }
    step "s" {
      run = "echo \"vars: X=$X Z=$Z $lower $Mixed $UPPER $inner\"; [ \"$Y\" != pipeline ] && [ -n \"$Y\" ] && echo \"Y is the stage's\""
      env = {
        Z = "step"
      }
    }
  }
}
