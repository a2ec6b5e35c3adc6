# Fails: GitLab reads a number input's default as a float and hands its jobs the text Ruby
# prints for it: 3.10 arrives as 3.1 and 0.00001 as 1.0e-05, where the other targets pass
# the text written. 2.5 and 1.0 arrive as written (CircleCI takes whole numbers only).
pipeline "fail-gitlab-number-input-defaults" {
  on {
    manual {
      input "python" {
        type    = "number"
        default = 3.10
      }
      input "ratio" {
        type    = "number"
        default = 2.5
      }
      input "tolerance" {
        type    = "number"
        default = 0.00001
      }
      input "scale" {
        type    = "number"
        default = 1.0
      }
    }
  }

  stage "train" {
    step "fit" {
      run = "./fit.sh ${input.python} ${input.ratio} ${input.tolerance} ${input.scale}"
    }
  }
}
