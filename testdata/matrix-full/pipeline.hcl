# A matrix with two axes, include (one extending an existing cell with a new key, one adding
# a new cell), exclude, fail_fast and max_parallel; matrix values in the image, in step env,
# in a working directory and in scripts. Numbers and booleans keep their text.
pipeline "matrix-full" {
  on {
    pull_request {}
  }

  stage "test" {
    image = "node:${matrix.node}-${matrix.distro}"
    matrix {
      axes = {
        node   = ["18", "20", "22"]
        distro = ["bookworm", "alpine"]
      }
      include = [
        { node = "22", distro = "alpine", experimental = true },
        { node = "23", distro = "bookworm", experimental = true, shard = 2 },
      ]
      exclude = [
        { node = "18", distro = "alpine" },
      ]
      fail_fast    = false
      max_parallel = 4
    }
    step "install" {
      working_directory = "packages/${matrix.distro}"
      run               = "npm ci"
    }
    step "test" {
      run = "npm test -- --shard=${matrix.shard} # node ${matrix.node} on ${matrix.distro}"
      env = {
        NODE_VERSION = matrix.node
        EXPERIMENTAL = "${matrix.experimental}"
      }
    }
  }

  stage "numbers" {
    matrix {
      axes = {
        python = [3.10, 3.11, 3.12]
        debug  = [true, false]
      }
      fail_fast = true
    }
    runner = "linux"
    step "show" {
      run = "echo \"python ${matrix.python} debug ${matrix.debug}\""
    }
  }
}
