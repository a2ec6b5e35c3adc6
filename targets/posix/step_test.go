package posix

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// A step run from a file gets its script's text unchanged, even one holding the
// here-document's usual end marker, and a step that may fail reports its failure with
// its name as written: a $ or backtick in the name is not expanded.
func TestRunFromFile(t *testing.T) {
	cases := []struct {
		name, script, step string
		cont               bool
		out                string
		fails              bool
	}{
		{"runs the script", "echo '$HOME' PIPEC_SCRIPT\n", "s", false, "$HOME PIPEC_SCRIPT\n", false},
		{"stops on failure", "false\necho after\n", "s", false, "", true},
		{"continues with the name as written", "exit 3\n", "x $(echo pwned) `id` \"q\" 'a'", true,
			"pipec: step x $(echo pwned) `id` \"q\" 'a' failed; continuing\n", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			lines := RunFromFile("  ", FileInterpreter("sh", false), "sh", c.script, c.step, c.cont)
			out, err := exec.Command("sh", "-ec", lines).Output()
			if (err != nil) != c.fails {
				t.Fatalf("error %v, want failure %v; script:\n%s", err, c.fails, lines)
			}
			if string(out) != c.out {
				t.Errorf("output %q, want %q; script:\n%s", out, c.out, lines)
			}
		})
	}
}

// A powershell step on Windows runs in Windows PowerShell from a file that starts with a
// UTF-8 byte order mark, without which Windows PowerShell reads the file in the ANSI code
// page. A stand-in powershell.exe on the PATH shows the file it is given.
func TestRunFromFileWindowsPowerShell(t *testing.T) {
	if got := FileInterpreter("powershell", true); got != WindowsPowerShell {
		t.Fatalf("powershell on Windows runs with %q, want %q", got, WindowsPowerShell)
	}
	if got := FileInterpreter("powershell", false); !strings.HasPrefix(got, "pwsh ") {
		t.Fatalf("powershell off Windows runs with %q, want pwsh", got)
	}
	dir := t.TempDir()
	fake := "#!/bin/sh\nfor a; do f=$a; done\ncat \"$f\"\n"
	if err := os.WriteFile(filepath.Join(dir, "powershell.exe"), []byte(fake), 0o755); err != nil {
		t.Fatal(err)
	}
	lines := RunFromFile("  ", WindowsPowerShell, "powershell", "Write-Host 'café'\n", "s", false)
	cmd := exec.Command("sh", "-ec", lines)
	cmd.Env = append(os.Environ(), "PATH="+dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("error %v; script:\n%s", err, lines)
	}
	if want := "\ufeffWrite-Host 'café'\n"; string(out) != want {
		t.Errorf("file %q, want %q; script:\n%s", out, want, lines)
	}
}

// A python step runs python3 where python may be Python 2 or missing, and python on
// Windows, where python.org's installer makes no python3.exe.
func TestFileInterpreterPython(t *testing.T) {
	if got := FileInterpreter("python", false); got != "python3" {
		t.Errorf("python off Windows runs with %q, want python3", got)
	}
	if got := FileInterpreter("python", true); got != "python" {
		t.Errorf("python on Windows runs with %q, want python", got)
	}
}

// A step the platform reruns (CircleCI's max_auto_reruns, Azure's retryCountOnTaskFailure)
// starts with OutputRerunMark: a rerun drops the lines the failed try wrote to
// $PIPEC_OUTPUT, and keeps what earlier steps wrote.
func TestOutputRerunMarkDropsFailedTry(t *testing.T) {
	for _, sh := range []string{"bash", "sh"} {
		interp, err := exec.LookPath(sh)
		if err != nil {
			t.Skipf("%s is not installed", sh)
		}
		dir := t.TempDir()
		out := filepath.Join(dir, "pipec-output")
		if err := os.WriteFile(out, []byte("before=1\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		script := "set -e\n" + OutputRerunMark("3") +
			"n=$(( $(cat tries 2>/dev/null || echo 0) + 1 )); echo $n > tries\n" +
			"echo \"try=$n\" >> \"$PIPEC_OUTPUT\"\n[ $n -ge 2 ]\n"
		for try := 1; try <= 2; try++ {
			cmd := exec.Command(interp, "-c", script)
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "PIPEC_OUTPUT="+out)
			err := cmd.Run()
			if (err == nil) != (try == 2) {
				t.Fatalf("%s try %d: %v", sh, try, err)
			}
		}
		if got, _ := os.ReadFile(out); string(got) != "before=1\ntry=2\n" {
			t.Errorf("%s: $PIPEC_OUTPUT holds %q, want the line before the step and the passing try's", sh, got)
		}
	}
}
