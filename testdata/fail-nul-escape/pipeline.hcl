# Fails: an escaped NUL ("\u0000") decodes to a NUL character, which no script, variable
# or YAML value can carry: each value holding one is an error at its string (bad-value).
pipeline "fail-nul-escape" {
  on {
    push {
      branches = ["main"]
    }
  }

  env = {
    GREETING = "hello\u0000world"
  }

  stage "build" {
    when = ci.branch != "x\u0000"
    step "compile" {
      run = "echo a\u0000b"
    }
    native "github" {
      timeout-minutes = "5\u0000"
    }
  }
}
