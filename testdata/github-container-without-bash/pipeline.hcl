# An image without bash (alpine) on GitHub: pipec's context and outputs steps run in sh
# there (ci.short_sha without bash's ${v::8}). Collecting an artifact takes bash: stage
# "package" warns (github/image-without-bash).
pipeline "github-container-without-bash" {
  on {
    push {
      branches = ["main"]
    }
  }

  stage "build" {
    image   = "alpine:3.20"
    outputs = ["version"]
    env = {
      WS = ci.workspace
    }
    step "version" {
      shell = "sh"
      run   = "echo \"version=${ci.short_sha}\" >> \"$PIPEC_OUTPUT\"; echo \"$WS\""
    }
  }

  stage "package" {
    needs = ["build"]
    image = "alpine:3.20"
    step "pack" {
      shell = "sh"
      run   = "mkdir -p dist && echo \"${stage.build.outputs.version}\" > dist/version"
    }
    artifact "dist" {
      paths = ["dist/"]
    }
  }
}
