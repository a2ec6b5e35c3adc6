# Runs for real (run-github.txt): a stage computes values and hands them to later stages
# as outputs; one later stage's `when` reads an output and runs, another's does not. An
# output with blanks at its ends, `$`, quotes, `#` and `%` arrives as written, in a script
# and in a condition (GitLab's dotenv reports once trimmed it and expanded `$HOME`). An
# output tested on its own holds unless it is empty or "false" (GitHub once ran draft).
pipeline "run-outputs" {
  on {
    push {
      branches = ["main"]
    }
  }

  stage "version" {
    outputs = ["version", "release", "note", "draft"]
    step "compute" {
      run = <<-EOT
        echo "version=1.2.$((40 + 2))" >> "$PIPEC_OUTPUT"
        echo "release=true" >> "$PIPEC_OUTPUT"
        printf '%s\n' 'note= a $HOME "b" #c 50% ' >> "$PIPEC_OUTPUT"
        echo "draft=false" >> "$PIPEC_OUTPUT"
      EOT
    }
  }

  stage "announce" {
    needs = ["version"]
    when  = stage.version.outputs.release == "true" && stage.version.outputs.note == " a $HOME \"b\" #c 50% "
    step "print" {
      run = "echo \"announcing version ${stage.version.outputs.version}\""
    }
    step "note" {
      run = "printf 'note=[%s]\\n' \"${stage.version.outputs.note}\""
    }
  }

  stage "not-released" {
    needs = ["version"]
    when  = stage.version.outputs.release == "false"
    step "print" {
      run = "echo \"not-released job ran: $((6 * 7))\""
    }
  }

  stage "draft" {
    needs = ["version"]
    when  = stage.version.outputs.draft
    step "print" {
      run = "echo \"draft job ran: $((6 * 7))\""
    }
  }
}
