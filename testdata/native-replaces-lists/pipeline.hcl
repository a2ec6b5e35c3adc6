# A native key whose list replaces a list pipec wrote for the job (its steps, needs or
# script, pipec's checkout and the spec's steps among them) warns on each target, at the
# key; so does a scalar or list replacing a mapping pipec wrote (GitHub's permissions,
# read-all here, without the job's contents: read); a native list where pipec wrote none
# (services here), and a native mapping merged into pipec's, do not.
pipeline "native-replaces-lists" {
  on {
    push {}
  }

  stage "build" {
    step "compile" {
      run = "make"
    }
    native "github" {
      steps    = [{ run = "make all" }]
      services = { redis = { image = "redis:7" } }
    }
    native "gitlab" {
      script = ["make all"]
    }
    native "circleci" {
      steps = ["checkout", { run = "make all" }]
    }
    native "azure" {
      steps = [{ script = "make all" }]
    }
  }

  stage "test" {
    needs = ["build"]
    step "unit" {
      run = "make test"
    }
    native "github" {
      needs       = ["build"]
      env         = { EXTRA = "1" }
      permissions = "read-all"
    }
  }
}
