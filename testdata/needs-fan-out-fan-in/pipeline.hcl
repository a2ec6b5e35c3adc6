# A diamond and more: one setup stage fans out to three, which fan back in; jobs come out
# in dependency order whatever the spec order, ties kept in spec order. Outputs pass along
# the graph: a fan-in stage reads outputs of two stages it needs.
pipeline "needs-fan-out-fan-in" {
  on {
    push {
      branches = ["main"]
    }
  }

  stage "report" {
    needs = ["merge"]
    step "summary" {
      run = "echo \"final: ${stage.merge.outputs.summary}\""
    }
  }

  stage "setup" {
    outputs = ["cache_key", "version"]
    step "compute" {
      run = <<-EOT
        echo "cache_key=deps-$(sha256sum go.sum | cut -c1-12)" >> "$PIPEC_OUTPUT"
        echo "version=$(git describe --tags --always)" >> "$PIPEC_OUTPUT"
      EOT
    }
  }

  stage "unit" {
    needs   = ["setup"]
    outputs = ["coverage"]
    step "test" {
      run = "go test -coverprofile=c.out ./... && echo \"coverage=$(go tool cover -func=c.out | tail -1 | awk '{print $3}')\" >> \"$PIPEC_OUTPUT\""
      env = {
        CACHE_KEY = stage.setup.outputs.cache_key
      }
    }
  }

  stage "lint" {
    needs = ["setup"]
    step "vet" {
      run = "go vet ./..."
    }
  }

  stage "build" {
    needs   = ["setup"]
    outputs = ["digest"]
    step "image" {
      run = "./build.sh ${stage.setup.outputs.version} | tee /dev/stderr | grep '^digest=' >> \"$PIPEC_OUTPUT\""
    }
  }

  stage "merge" {
    needs   = ["unit", "lint", "build", "setup"]
    outputs = ["summary"]
    step "combine" {
      run = "echo \"summary=${stage.setup.outputs.version} ${stage.build.outputs.digest} cov ${stage.unit.outputs.coverage}\" >> \"$PIPEC_OUTPUT\""
    }
  }
}
