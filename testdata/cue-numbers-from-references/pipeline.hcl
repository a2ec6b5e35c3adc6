# Numbers keep the text written also where CUE takes them from elsewhere: a hidden field
# (PYTHON: _python), a definition's default (*3.10 | number) and a list written
# elsewhere. They were the float CUE holds, 3.1, where the HCL twin gives 3.10.
pipeline "cue-numbers-from-references" {
  on {
    push {
      branches = ["main"]
    }
  }
  env = {
    PYTHON = 3.10
  }
  stage "test" {
    matrix {
      axes = { python = [3.10, 3.12] }
    }
    step "unit" {
      run = "echo ${matrix.python}"
      env = { MIN = 3.10 }
    }
  }
}
