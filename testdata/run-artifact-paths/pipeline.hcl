# Artifact paths that are not plain words: a directory with a space, a [set], and matrix
# values that upload-artifact refuses in a name (linux/amd64). The globs still expand in
# the collect step, and each cell's artifact gets a name GitHub accepts.
pipeline "run-artifact-paths" {
  on {
    push {}
  }

  stage "cross" {
    matrix {
      axes = {
        target = ["linux/amd64", "linux/arm64"]
      }
    }
    step "build" {
      run = <<-EOT
        mkdir -p "out dir" logs
        echo "${matrix.target}" > "out dir/app.bin"
        echo a > logs/a.log
        echo c > logs/c.log
      EOT
    }
    artifact "bin" {
      paths = ["out dir/*.bin", "logs/[ab].log"]
    }
  }

  # After cross, so that the run's output shows the two collect steps in a known order.
  stage "single" {
    needs = ["cross"]
    step "build" {
      run = "mkdir -p 'it'\"'\"'s here' && echo x > 'it'\"'\"'s here/x.txt'"
    }
    step "staged" {
      run = "echo built"
    }
    artifact "quoted" {
      paths = ["it's here/*.txt"]
    }
  }
}
