package posix

import (
	"fmt"
	"strings"
)

// HereDoc is the shell line that writes text (which ends in a line break) to the file the
// shell word path names, through a here-document whose delimiter is quoted, so that
// nothing in text is expanded. The delimiter is one no line of text can be mistaken for.
func HereDoc(path, text string) string {
	marker := "PIPEC_SCRIPT"
	for strings.Contains(text, marker) {
		marker += "_"
	}
	return fmt.Sprintf("cat > %s <<'%s'\n%s%s\n", path, marker, text, marker)
}

// FileInterpreter is the command that runs a step's script file for the step's shell, on
// a job whose own shell is bash (GitLab's and CircleCI's): pwsh and powershell run as
// PowerShell 7 (Windows PowerShell is not on their Linux and macOS images), and cmd is
// reached from Git Bash, which would rewrite a /c argument as a path but passes //c as /c.
func FileInterpreter(shell string) string {
	switch shell {
	case "bash":
		return "bash -eo pipefail"
	case "sh":
		return "sh -e"
	case "pwsh", "powershell":
		return "pwsh -NoProfile -NonInteractive -File"
	case "python":
		return "python3"
	case "cmd":
		return "cmd.exe //d //c"
	}
	panic("posix: no interpreter for shell " + shell)
}

// FileExt is the extension a step's script file needs for its shell: pwsh runs only .ps1
// files with -File, and cmd only .cmd (or .bat) files.
func FileExt(shell string) string {
	switch shell {
	case "pwsh", "powershell":
		return ".ps1"
	case "python":
		return ".py"
	case "cmd":
		return ".cmd"
	}
	return ""
}

// RunFromFile is the shell lines, each but the script's own starting with indent, that
// write a step's script to a temporary file with the extension its shell needs and run
// it with interp. A step that may fail (cont) reports its failure and lets the job go
// on: its script runs in a child process, since inside `( ... ) || true` a shell would
// ignore -e. The script's lines go in as written: indenting them would change a
// multi-line string's text and stop a here-document's end marker matching.
func RunFromFile(indent, interp, shell, script, step string, cont bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%spipec_step=\"$(mktemp)%s\"\n%s%s", indent, FileExt(shell), indent, HereDoc(`"$pipec_step"`, script))
	if cont {
		// The name is quoted whole: in double quotes a name's $ or backtick would expand.
		fmt.Fprintf(&b, "%s%s \"$pipec_step\" || echo %s\n", indent, interp, Quote("pipec: step "+step+" failed; continuing"))
	} else {
		fmt.Fprintf(&b, "%s%s \"$pipec_step\"\n", indent, interp)
	}
	return b.String()
}
