pipeline "p" {
  on {
    push {
      branches = ["main", "release/*"]
    }
    pull_request {}
    manual {
      input "note" {}
      input "count" {}
    }
  }
  defaults {
    timeout = "10m"
  }
  stage "tag" {
    image = "debian:12-slim"
    step "s" {
      run = "git tag build-${ci.branch} && echo \"${ci.branch}\"" # want
    }
    step "note" {
      run = "echo ${input.note}" # want
    }
    # A declaration keeps its assignments whole, not the command after it.
    step "export" {
      run = "export NOTE=${input.note}; echo ${input.note}" # want
    }
    # A command substitution starts its own quoting, inside double quotes too.
    step "substitution" {
      run = "msg=\"$(printf '%s\\n' ${input.note})\" && echo \"$msg\"" # want
    }
    # Arithmetic evaluates the text: quotes around it do not help.
    step "arithmetic" {
      run = "echo \"next: $(( ${input.count} + 1 ))\"" # want
    }
    # eval and sh -c parse the value as code: double quotes do not help.
    step "eval" {
      run = "eval \"deploy --note ${input.note}\"" # want
    }
    step "sh-c" {
      run = "sudo -u app bash -ec \"./notify ${input.note}\"" # want
    }
    # In single quotes, the shell that runs the code expands the variable.
    step "sh-c-single" {
      run = "sh -c 'git checkout ${ci.branch}'" # want
    }
    # ssh runs the words after the destination, and a shell its here-document, as code.
    step "ssh" {
      run = "ssh -p 2222 deploy@example.com \"cd /app && ./deploy ${input.note}\"" # want
    }
    step "ssh-heredoc" {
      run = <<-EOT
        ssh -i key deploy@example.com <<EOF
        cd /app && ./deploy ${input.note} # want
        EOF
      EOT
    }
    # The shell reads the quoted here-document itself and expands the value unquoted.
    step "shell-heredoc" {
      run = <<-EOT
        bash -s <<'EOF'
        echo ${input.note} # want
        EOF
      EOT
    }
    # So does an interpreter's: node -e, python -c, and a program on standard input.
    step "node-e" {
      run = "node -e \"console.log('${input.note}')\"" # want
    }
    step "python-heredoc" {
      run = <<-EOT
        python3 - <<EOF
        print("${input.note}") # want
        EOF
      EOT
    }
    step "eval-substitution" {
      run = "eval \"$(printf 'echo %s' \"${input.note}\")\"" # want
    }
    # The value handed over in a variable, then expanded unquoted.
    step "through-env" {
      env = { TARGET = input.note }
      run = "rm -rf build/$TARGET" # want
    }
    # An expansion that changes the value splits as the variable does.
    step "through-env-changed" {
      env = { TARGET = input.note }
      run = "docker tag app app:$${TARGET//\\//-}" # want
    }
  }
  stage "eval-env" {
    image = "debian:12-slim"
    step "s" {
      env = { NOTE = input.note }
      run = "docker exec app sh -c \"echo $NOTE\"" # want
    }
  }
  # A variable the script itself gives the value carries it too.
  stage "script-var" {
    image = "debian:12-slim"
    step "s" {
      run = "label=\"${input.note}\"; tag=\"v$label\"; ./publish.sh --tag $tag" # want
    }
  }
  stage "stage-env" {
    image = "debian:12-slim"
    env   = { NOTE = "note: ${input.note}" }
    step "s" {
      run = "echo $${NOTE}" # want
    }
  }
  # A stage output a step writes from an untrusted value carries it on.
  # So does one written with text around the value, or through a variable of the step's
  # env or of the script, or by printf.
  stage "version" {
    image   = "debian:12-slim"
    outputs = ["label", "image", "tag", "title", "note"]
    step "s" {
      env = { NOTE = input.note }
      run = <<-EOT
        echo "label=${input.note}" >> "$PIPEC_OUTPUT"
        echo "image=app:${input.note}" >> "$PIPEC_OUTPUT"
        tag="v${input.note}"
        echo "tag=$tag" >> "$PIPEC_OUTPUT"
        echo "title=$NOTE" >> "$PIPEC_OUTPUT"
        printf 'note=%s\n' "$NOTE" >> "$PIPEC_OUTPUT"
      EOT
    }
  }
  stage "publish" {
    image = "debian:12-slim"
    needs = ["version"]
    step "s" {
      run = "./publish.sh --label ${stage.version.outputs.label}" # want
    }
    step "more" {
      run = <<-EOT
        ./publish.sh --image ${stage.version.outputs.image} # want
        ./publish.sh --tag ${stage.version.outputs.tag} # want
        ./publish.sh --title ${stage.version.outputs.title} # want
        ./publish.sh --note ${stage.version.outputs.note} # want
      EOT
    }
  }
  # An output written from another stage's output carries what that one carries.
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
    step "s" { run = "./deploy.sh ${stage.slug-out.outputs.slug}" } # want
  }
}
