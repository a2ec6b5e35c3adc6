# Every ci.* value: in a run script (through PIPEC_* variables), in step env, stage env and
# pipeline env (as expressions), and in a working directory. ci.short_sha is computed by a
# context step, so it is only used in a step.
pipeline "ci-values-all" {
  on {
    push {
      branches = ["main"]
      tags     = ["v*"]
    }
    pull_request {}
    schedule "daily" {
      cron = "0 6 * * *"
    }
    manual {}
  }

  env = {
    BUILD_URL  = ci.run_url
    BUILD_NAME = "${ci.repository}#${ci.run_number}"
  }

  stage "context" {
    env = {
      TRIGGER = ci.event
    }
    step "print" {
      run = <<-EOT
        echo "commit_sha=${ci.commit_sha}"
        echo "short_sha=${ci.short_sha}"
        echo "branch=${ci.branch}"
        echo "tag=${ci.tag}"
        echo "ref=${ci.ref}"
        echo "event=${ci.event}"
        echo "pr_number=${ci.pr_number}"
        echo "run_id=${ci.run_id}"
        echo "run_number=${ci.run_number}"
        echo "run_url=${ci.run_url}"
        echo "repository=${ci.repository}"
        echo "actor=${ci.actor}"
        echo "workspace=${ci.workspace}"
        echo "again=${ci.commit_sha}"
      EOT
    }
    step "env-values" {
      env = {
        SHORT = ci.short_sha
        ACTOR = ci.actor
        PR    = ci.pr_number
      }
      run = "echo \"$SHORT $ACTOR $PR $TRIGGER $BUILD_NAME\""
    }
    step "in-workspace" {
      working_directory = "${ci.workspace}/tools"
      run               = "ls"
    }
  }
}
