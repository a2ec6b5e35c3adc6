pipeline "p" {
  on {
    push {
      branches = ["main"]
    }
  }
  defaults {
    timeout = "10m"
  }
  stage "version" {
    image   = "debian:12-slim"
    outputs = ["v"]
    step "s" { run = "echo v=1.2 >> \"$PIPEC_OUTPUT\"" }
  }
  stage "tag" {
    needs = ["version"]
    image = "debian:12-slim"
    # The output is whatever a script wrote, and NOTE may hold spaces: both notes stay.
    # The commit SHA is one word: its note goes.
    step "s" {
      run = "git tag ${stage.version.outputs.v} ${ci.commit_sha} -m $NOTE"
      env = { NOTE = "built by CI" }
    }
    # shellcheck's note on single quotes stays for $HOME; the reference in them is
    # reference-in-single-quotes' to report.
    # shellcheck counts characters, not bytes: the text before the references is not
    # ASCII, and each note still names the reference it is about.
    step "unicode" {
      run = "echo Größe → ${ci.commit_sha} $NOTE"
      env = { NOTE = "built by CI" }
    }
    step "quotes" {
      run = "echo '$HOME' && echo 'built from ${ci.commit_sha}'"
    }
  }
}
