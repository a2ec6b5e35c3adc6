# Runs for real (run-github.txt): a stage computes values and hands them to later stages
# as outputs; one later stage's `when` reads an output and runs, another's does not.
pipeline "run-outputs" {
  on {
    push {
      branches = ["main"]
    }
  }

  stage "version" {
    outputs = ["version", "release"]
    step "compute" {
      run = <<-EOT
        echo "version=1.2.$((40 + 2))" >> "$PIPEC_OUTPUT"
        echo "release=true" >> "$PIPEC_OUTPUT"
      EOT
    }
  }

  stage "announce" {
    needs = ["version"]
    when  = stage.version.outputs.release == "true"
    step "print" {
      run = "echo \"announcing version ${stage.version.outputs.version}\""
    }
  }

  stage "not-released" {
    needs = ["version"]
    when  = stage.version.outputs.release == "false"
    step "print" {
      run = "echo \"not-released job ran: $((6 * 7))\""
    }
  }
}
