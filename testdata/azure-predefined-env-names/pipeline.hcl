# Warns (azure/reserved-name): env variables named like Azure's predefined variables in
# environment form replace Azure's values, which pipec's context step reads (ci.short_sha
# from BUILD_SOURCEVERSION, ci.event from BUILD_REASON). BUILD_DIR is no Azure variable,
# and SYSTEM_DEBUG is one Azure asks pipelines to set: neither is reported.
pipeline "azure-predefined-env-names" {
  on {
    push {
      branches = ["main"]
    }
  }

  env = {
    BUILD_SOURCEVERSION = "abc"
    BUILD_DIR           = "out"
  }

  stage "build" {
    env = {
      System_PullRequest_SourceBranch = "x"
      SYSTEM_DEBUG                    = "true"
    }
    step "show" {
      env = {
        BUILD_REASON = "Manual"
      }
      run = "echo \"${ci.short_sha} ${ci.commit_sha} ${ci.event} $BUILD_DIR\""
    }
  }
}
