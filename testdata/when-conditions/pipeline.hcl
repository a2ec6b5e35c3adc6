# Every operator and function of `when`: ==, !=, &&, ||, !, parentheses, startswith(),
# matches() with exact, prefix, suffix and negated globs, boolean and string inputs, a
# stage output, boolean literals, and ci.event mapped to GitHub's event names (manual is
# workflow_dispatch).
pipeline "when-conditions" {
  on {
    push {
      branches = ["main", "release/**"]
      tags     = ["v*"]
    }
    pull_request {
      branches = ["main"]
    }
    schedule "nightly" {
      cron = "0 1 * * *"
    }
    manual {
      input "force" {
        type    = "boolean"
        default = false
      }
      input "target" {
        type    = "choice"
        options = ["none", "docs", "all"]
        default = "none"
      }
    }
  }

  stage "detect" {
    outputs = ["changed", "risk"]
    step "diff" {
      run = <<-EOT
        echo "changed=true" >> "$PIPEC_OUTPUT"
        echo "risk=low" >> "$PIPEC_OUTPUT"
      EOT
    }
  }

  stage "on-main-push" {
    needs = ["detect"]
    when  = ci.branch == "main" && ci.event == "push"
    step "run" {
      run = "echo main push"
    }
  }

  stage "not-pr" {
    needs = ["detect"]
    when  = ci.event != "pull_request"
    step "run" {
      run = "echo not a pull request"
    }
  }

  stage "nightly-or-forced" {
    needs = ["detect"]
    when  = ci.event == "schedule" || (ci.event == "manual" && input.force)
    step "run" {
      run = "echo nightly or forced"
    }
  }

  stage "negated-group" {
    needs = ["detect"]
    when  = !(ci.event == "pull_request" || ci.branch == "main")
    step "run" {
      run = "echo neither a pull request nor main"
    }
  }

  stage "tag-release" {
    needs = ["detect"]
    when  = startswith(ci.ref, "refs/tags/v") && !matches(ci.tag, "**-rc") || ci.tag == "v0.0.0"
    step "run" {
      run = "echo release tag"
    }
  }

  stage "globs" {
    needs = ["detect"]
    when  = matches(ci.branch, "release/**") || matches(ci.branch, "hotfix-*") || matches(ci.branch, "**-preview") || matches(ci.branch, "main") || matches(ci.branch, "!dependabot/**")
    step "run" {
      run = "echo glob matched"
    }
  }

  stage "by-output" {
    needs = ["detect"]
    when  = stage.detect.outputs.changed == "true" && stage.detect.outputs.risk != "high"
    step "run" {
      run = "echo changed with risk ${stage.detect.outputs.risk}"
    }
  }

  stage "by-input" {
    needs = ["detect"]
    when  = input.target == "docs" || input.target == "all"
    step "run" {
      run = "echo building ${input.target}"
    }
  }

  stage "bool-literals" {
    needs = ["detect"]
    when  = input.force == true || (ci.event == "push" && !false)
    step "run" {
      run = "echo forced or pushed"
    }
  }
}
