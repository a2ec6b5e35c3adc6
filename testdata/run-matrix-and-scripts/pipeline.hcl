# Runs for real (run-github.txt): matrix cells (axes, include, exclude, one at a time),
# pipeline, stage and step env, ci values reaching scripts, a literal "${{" and shell
# variables passing through, files written and read within a job, sh and python steps, a
# working directory, a failing step that may fail, and a stage retry that succeeds on the
# second try.
pipeline "run-matrix-and-scripts" {
  on {
    push {
      branches = ["main"]
    }
  }

  env = {
    APP   = "matrix-demo"
    LEVEL = "pipeline"
  }

  stage "cells" {
    matrix {
      axes = {
        flavor = ["alpha", "beta"]
        size   = [1, 2]
      }
      exclude = [
        { flavor = "alpha", size = 2 },
      ]
      include = [
        { flavor = "beta", size = 3, extra = "big" },
      ]
      fail_fast    = false
      max_parallel = 1
    }
    step "cell" {
      working_directory = "tools"
      run               = "echo \"cell ${matrix.flavor}-${matrix.size} extra=[${matrix.extra}] from $(grep \"^${matrix.flavor}=\" cells.txt | cut -d= -f2)\""
    }
  }

  stage "scripts" {
    needs = ["cells"]
    env = {
      LEVEL = "stage"
    }
    step "context" {
      run = <<-EOT
        sha="${ci.commit_sha}"
        short="${ci.short_sha}"
        if [[ "$sha" =~ ^[0-9a-f]{40}$ ]]; then echo "commit sha has 40 hex digits"; fi
        if [ "$${#short}" -eq 8 ] && [ "$${sha:0:8}" = "$short" ]; then echo "short sha is the first 8 digits"; fi
        echo "branch=${ci.branch} event=${ci.event} ref=${ci.ref} tag=[${ci.tag}] pr=[${ci.pr_number}]"
      EOT
    }
    step "env-levels" {
      env = {
        LEVEL = "step"
        WHO   = "${ci.event}-by-env"
      }
      run = "echo \"app=$APP level=$LEVEL who=$WHO\""
    }
    step "stage-env" {
      run = "echo \"level after step env=$LEVEL\""
    }
    step "literals" {
      run = "echo 'literal $${{ github.sha }} stays' && echo \"home set: $${HOME:+yes} and $HOME\" | sed \"s|$HOME|HOMEDIR|\""
    }
    step "write-file" {
      run = "mkdir -p out && echo \"written by ${ci.event}\" > out/note.txt"
    }
    step "read-file" {
      shell = "sh"
      run   = "echo \"file says: $(cat out/note.txt)\""
    }
    step "python" {
      shell = "python"
      env = {
        NOTE_FILE = "out/note.txt"
      }
      run = <<-EOT
        import os
        with open(os.environ["NOTE_FILE"]) as f:
            print("python read:", f.read().strip().upper())
      EOT
    }
    step "may-fail" {
      continue_on_error = true
      run               = "echo \"about to fail\"; exit 3"
    }
    step "after-failure" {
      run = "echo \"still running after a failed step\""
    }
  }

  stage "flaky" {
    needs   = ["scripts"]
    retries = 2
    step "second-try" {
      run = "n=$(( $(cat .tries 2>/dev/null || echo 0) + 1 )); echo \"$n\" > .tries; echo \"try $n\"; [ \"$n\" -ge 2 ] && echo \"flaky step passed on try $n\""
    }
  }
}
