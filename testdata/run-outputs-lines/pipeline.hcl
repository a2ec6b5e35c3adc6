# Runs for real (run-github.txt, run-gitlab.txt): every target reads $PIPEC_OUTPUT the
# same way, as `name=value` lines of the declared names, the last one winning. A value
# written with a line break arrives as its first line, a line without `=` and a name in
# another case are not outputs (GitHub, which once got the file itself, failed the job
# on the line without `=` and took `level=` for `Level`).
pipeline "run-outputs-lines" {
  on {
    push {
      branches = ["main"]
    }
  }

  stage "produce" {
    outputs = ["notes", "Level", "twice"]
    step "write" {
      run = <<-EOT
        echo "notes=$(printf 'first line\nsecond line')" >> "$PIPEC_OUTPUT"
        echo "done" >> "$PIPEC_OUTPUT"
        echo "level=lower" >> "$PIPEC_OUTPUT"
        echo "twice=first" >> "$PIPEC_OUTPUT"
      EOT
    }
    step "again" {
      run = "echo \"twice=second\" >> \"$PIPEC_OUTPUT\""
    }
  }

  stage "consume" {
    needs = ["produce"]
    step "show" {
      run = <<-EOT
        printf 'notes=[%s]\n' "${stage.produce.outputs.notes}"
        printf 'Level=[%s]\n' "${stage.produce.outputs.Level}"
        printf 'twice=[%s]\n' "${stage.produce.outputs.twice}"
      EOT
    }
  }
}
