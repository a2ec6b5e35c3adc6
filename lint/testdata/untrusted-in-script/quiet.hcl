pipeline "p" {
  on {
    push {
      branches = ["main", "release/*"]
    }
    pull_request {}
    manual {
      input "note" {}
    }
  }
  defaults {
    timeout = "10m"
  }
  environment "production" {
    branches = ["main"]
  }
  stage "tag" {
    image = "debian:12-slim"
    step "s" {
      run = "git tag \"build-${ci.branch}\" && echo '${ci.commit_sha}' # ${ci.branch}"
    }
    # Where the shell does not split: an assignment (a declaration's too), [[ ]], a case
    # subject, a here-document (whose body is one word per expansion, or text when quoted).
    step "unsplit" {
      run = <<-EOT
        NOTE=${input.note} BRANCH=${ci.branch}
        export NOTE_TEXT=${input.note} && declare -r REF=${ci.ref}
        if [[ -n ${input.note} ]]; then echo "$NOTE"; fi
        case ${ci.branch} in release/*) echo "$BRANCH" ;; esac
        cat <<EOF > notes.txt
        ${input.note} on ${ci.branch}
        EOF
        cat <<'EOF'
        ${input.note}
        EOF
      EOT
    }
  }
  # Arguments of sh -c after its code are values, not code; eval of text the spec wrote.
  stage "code" {
    image = "debian:12-slim"
    step "s" {
      run = <<-EOT
        sh -c 'echo "$1"' sh "${input.note}"
        bash -c "./build.sh" && echo "${input.note}"
        eval "$(ssh-agent -s)"; grep -c bash "${input.note}"
        wc -c "${input.note}"
        bash -c 'echo "${input.note}"'
        ssh -o BatchMode=yes deploy@example.com ls && scp "${input.note}" deploy@example.com:/tmp/
        python3 -c 'import sys; print(sys.argv[1])' "${input.note}"
        python3 scripts/notes.py <<EOF
        ${input.note}
        EOF
        sh ./notify.sh <<EOF
        ${input.note}
        EOF
        bash <<'EOF'
        echo "${input.note}"
        EOF
      EOT
    }
  }
  # Variables that carry an input, expanded where the shell does not split, or escaped;
  # and a stage's variable that the step replaces with its own value.
  stage "vars" {
    image = "debian:12-slim"
    env   = { OUT = input.note }
    step "s" {
      env = { TARGET = input.note }
      run = "rm -rf \"build/$TARGET\" && [[ $TARGET == x ]] && echo '$TARGET' \\$TARGET"
    }
    step "changed" {
      env = { TARGET = input.note }
      run = "docker tag app \"app:$${TARGET//\\//-}\" && echo $${#TARGET} \"$${TARGET:-none}\""
    }
    step "replaced" {
      env = { OUT = "fixed" }
      run = "echo $OUT"
    }
  }
  # Runs for main only: the branch name is the spec's, not an outsider's.
  stage "publish" {
    image = "debian:12-slim"
    when  = ci.branch == "main" && ci.event == "push"
    step "s" {
      run = "./publish.sh --branch ${ci.branch}"
    }
  }
  stage "deploy" {
    image       = "debian:12-slim"
    environment = "production"
    step "s" {
      run = "./deploy.sh --ref ${ci.ref}"
    }
  }
  # Outputs written from values nobody outside chooses, or read in double quotes.
  stage "version-out" {
    image   = "debian:12-slim"
    outputs = ["sha", "label", "slug"]
    step "s" {
      run = "echo \"sha=${ci.short_sha}\" >> \"$PIPEC_OUTPUT\" && echo \"label=${input.note}\" >> \"$PIPEC_OUTPUT\""
    }
    # A command substitution may clean the value: it is not followed.
    step "slug" {
      run = "echo \"slug=$(printf %s \"${input.note}\" | tr -cd a-z0-9)\" >> \"$PIPEC_OUTPUT\""
    }
  }
  stage "publish-out" {
    image = "debian:12-slim"
    needs = ["version-out"]
    step "s" {
      run = "./publish.sh --sha ${stage.version-out.outputs.sha} --slug ${stage.version-out.outputs.slug} --label \"${stage.version-out.outputs.label}\""
    }
  }
  # A script variable given the value and then a cleaned one is used in quotes or after
  # the cleaning.
  stage "script-var" {
    image = "debian:12-slim"
    step "s" {
      run = <<-EOT
        label="${input.note}"
        ./publish.sh --label "$label"
        label=$(printf %s "$label" | tr -cd a-z0-9)
        ./publish.sh --slug $label
      EOT
    }
  }
  # A branch name carried on through two outputs is the spec's in a stage that runs for
  # main only.
  stage "branch-out" {
    image   = "debian:12-slim"
    outputs = ["name"]
    step "s" { run = "echo \"name=${ci.branch}\" >> \"$PIPEC_OUTPUT\"" }
  }
  stage "slug-out" {
    image   = "debian:12-slim"
    needs   = ["branch-out"]
    outputs = ["slug"]
    step "s" { run = "echo \"slug=app-${stage.branch-out.outputs.name}\" >> \"$PIPEC_OUTPUT\"" }
  }
  stage "deploy-slug" {
    image = "debian:12-slim"
    needs = ["slug-out"]
    when  = ci.branch == "main"
    step "s" { run = "./deploy.sh ${stage.slug-out.outputs.slug}" }
  }
}
