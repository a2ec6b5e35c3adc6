# The build fails before anything is deployed: the deploy is skipped, and so is its
# rollback, which runs only when one of the deploy's own jobs failed.
pipeline "upstream-failure" {
  on {
    push {}
  }

  environment "prod" {}

  stage "build" {
    step "compile" {
      run = <<-EOT
        echo "compiling"
        exit 3
      EOT
    }
  }

  stage "deploy" {
    needs       = ["build"]
    environment = "prod"
    step "ship" {
      run = "echo shipping"
    }
    rollback {
      step "undo" {
        run = "echo \"rolling back ${deploy.environment}\""
      }
    }
  }
}
