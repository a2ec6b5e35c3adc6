package posix

import (
	"fmt"
	"strings"
)

// HereDoc is the shell line that writes text (which ends in a line break) to the file the
// shell word path names, through a here-document whose delimiter is quoted, so that
// nothing in text is expanded. The delimiter is one no line of text can be mistaken for.
func HereDoc(path, text string) string {
	return hereDoc(">", path, text)
}

// hereDoc is HereDoc with the redirection op: > writes the file, >> appends to it.
func hereDoc(op, path, text string) string {
	marker := "PIPEC_SCRIPT"
	for strings.Contains(text, marker) {
		marker += "_"
	}
	return fmt.Sprintf("cat %s %s <<'%s'\n%s%s\n", op, path, marker, text, marker)
}

// FileInterpreter is the command that runs a step's script file for the step's shell, on
// a job whose own shell is bash (GitLab's and CircleCI's). pwsh runs as PowerShell 7.
// powershell is Windows PowerShell on a Windows runner (windows), as GitHub and Azure run
// it there: PowerShell 7 is not installed on Windows Server by default, and the two
// differ; elsewhere Windows PowerShell does not exist, so it runs as PowerShell 7. cmd is
// reached from Git Bash, which would rewrite a /c argument as a path but passes //c as /c.
// python is python3 off Windows, where python may be Python 2 or missing, and python on
// Windows, as GitHub runs it: python.org's installer makes no python3.exe, and on a
// Windows without it the python3 command is the Store's alias that only offers to install
// Python.
func FileInterpreter(shell string, windows bool) string {
	switch shell {
	case "bash":
		return "bash -eo pipefail"
	case "sh":
		return "sh -e"
	case "powershell":
		if windows {
			return WindowsPowerShell
		}
		return "pwsh -NoProfile -NonInteractive -File"
	case "pwsh":
		return "pwsh -NoProfile -NonInteractive -File"
	case "python":
		return Python(windows)
	case "cmd":
		return "cmd.exe //d //c"
	}
	panic("posix: no interpreter for shell " + shell)
}

// WindowsPowerShell runs a .ps1 file in Windows PowerShell. Its default execution policy
// (RemoteSigned on Windows Server, Restricted on Windows clients) could refuse the file,
// which pipec wrote itself, so the run bypasses it for this process only.
const WindowsPowerShell = "powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File"

// Python is the command that runs a Python script file (see FileInterpreter).
func Python(windows bool) string {
	if windows {
		return "python"
	}
	return "python3"
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
	b.WriteString(stepFile(indent, interp, shell, script))
	if cont {
		// The name is quoted whole: in double quotes a name's $ or backtick would expand.
		fmt.Fprintf(&b, "%s%s \"$pipec_step\" || echo %s\n", indent, interp, Quote("pipec: step "+step+" failed; continuing"))
	} else {
		fmt.Fprintf(&b, "%s%s \"$pipec_step\"\n", indent, interp)
	}
	return b.String()
}

// RetryFromFile is RunFromFile for a step retried up to n times: each try runs the
// script in a child process from the file, so a try fails exactly when the step would,
// and each try after the first prints "pipec: retrying (N of M)", as GitHub's retried
// steps do. After the last failed try the step fails, or, with cont, says so and goes on.
// With outputs (the stage declares some), the lines a failed try wrote to $PIPEC_OUTPUT
// are dropped before the next try (OutputMark, OutputRestore), as a job retried whole
// starts without them; the last try's stay, as a step that is not retried keeps them.
func RetryFromFile(indent, interp, shell, script, step string, cont, outputs bool, n int) string {
	fail := "exit 1"
	if cont {
		fail = "echo " + Quote("pipec: step "+step+" failed; continuing") + "; break"
	}
	var b strings.Builder
	b.WriteString(stepFile(indent, interp, shell, script))
	if outputs {
		fmt.Fprintf(&b, "%s%s\n", indent, OutputMark)
	}
	fmt.Fprintf(&b, "%spipec_try=0\n", indent)
	fmt.Fprintf(&b, "%suntil %s \"$pipec_step\"; do\n", indent, interp)
	fmt.Fprintf(&b, "%s  pipec_try=$((pipec_try + 1))\n", indent)
	fmt.Fprintf(&b, "%s  if [ \"$pipec_try\" -gt %d ]; then %s; fi\n", indent, n, fail)
	if outputs {
		fmt.Fprintf(&b, "%s  %s\n", indent, OutputRestore)
	}
	fmt.Fprintf(&b, "%s  echo \"pipec: retrying ($pipec_try of %d)\"\n", indent, n)
	fmt.Fprintf(&b, "%sdone\n", indent)
	return b.String()
}

// OutputRerunMark is the first line of a step the platform itself reruns when it fails
// (CircleCI's max_auto_reruns, Azure's retryCountOnTaskFailure), in a job whose stage
// declares outputs: the first try notes the size of $PIPEC_OUTPUT in a file of its own
// (key tells the job's steps apart), and each rerun cuts the file back to it first.
func OutputRerunMark(key string) string {
	mark := `"$PIPEC_OUTPUT.try-` + key + `"`
	return fmt.Sprintf("if [ -f %[1]s ]; then pipec_out_size=$(cat %[1]s); %[2]s; else wc -c 2>/dev/null < \"$PIPEC_OUTPUT\" > %[1]s || echo 0 > %[1]s; fi\n", mark, OutputRestore)
}

// OutputMark notes the size of $PIPEC_OUTPUT before a retried step's first try, and
// OutputRestore cuts the file back to it before each later try: the outputs a failed try
// wrote are not the step's (a try that wrote result=bad and failed, then a try that
// succeeded without writing it, would hand on result=bad). POSIX dd without
// conv=notrunc truncates its output file at the seek, on every system pipec's shells
// run on (macOS has no truncate command).
const (
	OutputMark    = `pipec_out_size=$(wc -c 2>/dev/null < "$PIPEC_OUTPUT" || echo 0)`
	OutputRestore = `dd if=/dev/null of="$PIPEC_OUTPUT" bs=1 seek=$((pipec_out_size)) 2>/dev/null || true`
)

// stepFile is the shell lines that write a step's script to a temporary file,
// $pipec_step, with the extension its shell needs.
func stepFile(indent, interp, shell, script string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%spipec_step=\"$(mktemp)%s\"\n", indent, FileExt(shell))
	if interp == WindowsPowerShell {
		// Windows PowerShell reads a file without a byte order mark in the machine's
		// ANSI code page, so a script's non-ASCII text would change; the mark makes it
		// read UTF-8, and the here-document appends after it.
		fmt.Fprintf(&b, "%sprintf '\\357\\273\\277' > \"$pipec_step\"\n%s%s", indent, indent, hereDoc(">>", `"$pipec_step"`, script))
	} else {
		fmt.Fprintf(&b, "%s%s", indent, HereDoc(`"$pipec_step"`, script))
	}
	return b.String()
}
