# Artifacts with retention (expire_in rounds up to whole days), passed downstream: from a
# plain stage, from a matrix stage (one upload per cell, merged on download), and on to
# stages further down the graph.
pipeline "artifacts-downstream" {
  on {
    push {
      branches = ["main"]
    }
  }

  stage "build" {
    step "compile" {
      run = "make dist"
    }
    artifact "dist" {
      paths     = ["dist/", "build/**/*.so"]
      expire_in = "2w"
    }
    artifact "sbom" {
      paths     = ["sbom.json"]
      expire_in = "36h"
    }
  }

  stage "test" {
    needs = ["build"]
    matrix {
      axes = {
        os    = ["linux", "mac"]
        shard = [1, 2]
      }
    }
    step "test" {
      run = "make test SHARD=${matrix.shard} OS=${matrix.os}"
    }
    artifact "reports" {
      paths     = ["reports/junit-*.xml", "coverage files/cov.out"]
      expire_in = "3d"
    }
  }

  stage "publish" {
    needs = ["test"]
    step "merge" {
      run = "ls dist reports && ./merge-reports.sh reports/"
    }
    artifact "bundle" {
      paths = ["bundle.tar.gz"]
    }
  }
}
