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
    # Quotes closed around the reference; an unquoted here-document; $${ for the text
    # itself; a comment.
    step "version" {
      run = "sed -i 's/VERSION/'\"${ci.commit_sha}\"'/' version.txt && echo '$${HOME}' # was '${ci.commit_sha}'"
    }
    # eval and a shell the script starts inherit its variables and expand them.
    step "child" {
      run = "bash -ec 'echo \"${ci.commit_sha}\" > id' && eval 'export SHA=${ci.commit_sha}'"
    }
    step "child-heredoc" {
      run = <<-EOT
        bash <<'EOF'
        echo "${ci.commit_sha}" > id
        EOF
      EOT
    }
    step "notes" {
      run = <<-EOT
        cat <<EOF > notes.md
        Built from ${ci.commit_sha} on '${ci.branch}'
        EOF
      EOT
    }
  }
}
