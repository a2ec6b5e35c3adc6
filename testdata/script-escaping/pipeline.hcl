# Script text passes through untouched: heredoc multi-line scripts, plain shell variables
# ($HOME, and $${HOME} which HCL reads as ${HOME}), and a literal "${{" that GitHub would
# otherwise evaluate (it becomes an expression yielding "${{"). References become
# variables, never pasted text; a literal "${{" in env values is escaped too.
pipeline "script-escaping" {
  on {
    push {
      branches = ["main"]
    }
  }

  env = {
    TEMPLATE = "Hello $${{ name }}"
  }

  stage "scripts" {
    step "heredoc" {
      run = <<-EOT
        set -euo pipefail
        echo "home is $HOME and also $${HOME}"
        for f in *.md; do
          echo "doc: $f"
        done
        cat <<'DOC'
        a literal heredoc inside the script
        DOC
      EOT
    }
    step "literal-expression-syntax" {
      run = "echo 'GitHub syntax looks like $${{ github.sha }}' && echo \"${ci.commit_sha}\""
      env = {
        PATTERN = "$${{ matrix.x }}"
      }
    }
    step "percent-and-quotes" {
      run = "printf '%s\\n' \"100%\" 'single $quoted' \"tab\\there\" && echo $${#PATH}"
    }
    step "template-directives" {
      run = "echo \"%%{not a directive} and $${NOT_A_REFERENCE:-unset}\""
    }
  }
}
