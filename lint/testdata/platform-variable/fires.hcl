pipeline "p" {
  on {
    push {
      branches = ["main"]
    }
  }
  defaults {
    image   = "golang:1.23"
    timeout = "10m"
  }
  stage "build" {
    # GitLab's variables, copied from a .gitlab-ci.yml: empty on the other targets.
    step "test" { # want
      run = "GOCACHE=$CI_PROJECT_DIR/.gocache go test ./..."
    }
    step "tag" { # want
      run = "docker build -t app:$${CI_COMMIT_SHORT_SHA:-dev} ."
    }
    # GitHub's, in double quotes and in a here-document the shell expands.
    step "version" { # want
      run = <<-EOT
        echo "sha=$GITHUB_SHA"
        cat <<EOF > build-info.txt
        repository: $GITHUB_REPOSITORY
        EOF
      EOT
    }
    step "windows" { # want
      shell = "pwsh"
      run   = "Write-Output $env:BUILD_SOURCEVERSION"
    }
  }
}
