# Fails: "ubuntu-latest" is not a runner class (a platform label); "macOS" is a case typo;
# "self-hosted,linux, gpu" is a runner's registration list written as one label;
# "Linux" and "windows" name two operating systems.
pipeline "fail-unknown-runner" {
  on {
    push {}
  }

  defaults {
    runner = "ubuntu-latest"
  }

  stage "build" {
    runner = "macOS"
    step "compile" {
      run = "make"
    }
  }

  stage "train" {
    runner = ["self-hosted,linux, gpu"]
    step "fit" {
      run = "python train.py"
    }
  }

  stage "package" {
    runner = ["self-hosted", "Linux", "windows"]
    step "zip" {
      run = "zip -r app.zip dist"
    }
  }
}
