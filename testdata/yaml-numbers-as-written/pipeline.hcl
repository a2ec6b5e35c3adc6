# Numbers keep the text they are written with in every syntax: a leading zero stays (an
# env value 02134 is a ZIP code, not the octal 1116 YAML 1.1 would read), and so do 3.10
# and 1e3, and a number too large for 64 bits (YAML's decoder refused the file). CUE has
# no number with a leading zero, so its twin quotes those.
pipeline "yaml-numbers-as-written" {
  on {
    push {}
  }

  env = {
    ZIP     = 02134
    VERSION = 3.10
    BUILD   = 010
    LIMIT   = 1e3
    COUNT   = 7
    ID      = 123456789012345678901234
  }

  stage "test" {
    timeout = "10m"
    matrix {
      axes = {
        shard = [01, 02, 10]
      }
    }
    step "show" {
      run = "echo \"shard ${matrix.shard} of zip $ZIP\""
    }
  }
}
