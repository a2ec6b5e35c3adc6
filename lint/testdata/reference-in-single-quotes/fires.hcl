pipeline "p" {
  on {
    push {
      branches = ["main"]
    }
  }
  defaults {
    timeout = "10m"
  }
  stage "release" {
    image = "debian:12-slim"
    step "version" {
      run = "sed -i 's/VERSION/${ci.commit_sha}/' version.txt" # want
    }
    # A here-document whose delimiter is quoted is text too.
    step "notes" {
      run = "cat <<'EOF' > notes.md\nBuilt from ${ci.commit_sha}\nEOF" # want
    }
    # A shell that does not inherit the step's variables: sudo resets them, a container
    # has its own.
    step "elsewhere" {
      run = <<-EOT
        sudo sh -c 'echo ${ci.commit_sha} > /etc/build-id' # want
        docker run --rm debian:12-slim sh -c 'echo ${ci.commit_sha}' # want
      EOT
    }
  }
}
