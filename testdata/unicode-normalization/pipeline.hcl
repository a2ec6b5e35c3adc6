# Accents written decomposed ("e" then U+0301, a combining acute accent), as some editors
# and macOS file names write them: every syntax gives the composed form (NFC) in the
# generated files, as HCL's own strings are, in scripts, env values, plain strings,
# matrix values, input defaults and the strings of a `when` condition.
pipeline "unicode-normalization" {
  on {
    push {
      branches = ["café/**"]
    }
    manual {
      input "greeting" {
        type    = "string"
        default = "café"
      }
    }
  }

  stage "build" {
    when = ci.branch == "café" || startswith(ci.branch, "résumé/")
    matrix {
      axes = {
        city = ["Québec", "Montréal"]
      }
    }
    step "greet" {
      run = "echo 'café ${matrix.city} au lait'"
      env = {
        MENU = "purée ${ci.branch}"
      }
    }
  }
}
