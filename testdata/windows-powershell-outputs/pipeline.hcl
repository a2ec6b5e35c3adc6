# Windows PowerShell 5.1 (shell "powershell" on a Windows runner) writes $PIPEC_OUTPUT in
# UTF-16LE with `>>` and Out-File, and with a UTF-8 byte order mark under -Encoding utf8:
# each target's outputs step turns the file into plain UTF-8 before it reads the values,
# which would otherwise be lost without a word. A pwsh stage writes UTF-8 and needs none.
pipeline "windows-powershell-outputs" {
  on {
    push {}
  }

  stage "win" {
    runner  = "windows"
    outputs = ["greeting"]
    step "write" {
      shell = "powershell"
      run   = "echo \"greeting=h$([char]0xE9)llo\" >> $env:PIPEC_OUTPUT"
    }
  }

  stage "core" {
    runner  = "windows"
    outputs = ["greeting"]
    step "write" {
      shell = "pwsh"
      run   = "echo \"greeting=hi\" >> $env:PIPEC_OUTPUT"
    }
  }

  stage "read" {
    needs = ["win", "core"]
    step "print" {
      run = "echo \"${stage.win.outputs.greeting} ${stage.core.outputs.greeting}\""
    }
  }
}
