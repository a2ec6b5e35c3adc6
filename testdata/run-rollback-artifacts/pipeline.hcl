# A rollback reads the stage's upstream artifacts, as the stage's steps do: on GitHub the
# rollback job downloads them, on GitLab the failed job hands them on (a rollback needs
# only its stage's jobs), on CircleCI and Azure the rollback runs where they were restored.
pipeline "run-rollback-artifacts" {
  on {
    push {
      branches = ["main"]
    }
  }

  stage "build" {
    step "render" {
      run = "mkdir -p manifests && echo 'release: v2' > manifests/app.yaml"
    }
    artifact "manifests" {
      paths = ["manifests/"]
    }
  }

  stage "deploy" {
    needs = ["build"]
    step "apply" {
      run = "echo \"applying $(cat manifests/app.yaml)\"; echo 'apply failed' >&2; exit 1"
    }
    rollback {
      step "undo" {
        run = "echo \"rolling back $(cat manifests/app.yaml)\""
      }
    }
  }
}
