package github

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pipec-dev/pipec/compile"
	"github.com/pipec-dev/pipec/compile/model"
)

// The retry loops run for real where their shell is installed: a script that fails once
// succeeds on its second try, and one that always fails stops after retries+1 tries with
// the loop's exit code 1. Each try counts itself in a file, so the count is what ran,
// whatever the loop prints. The flaky scripts write an output line on each try, and
// only the passing try's line joins what $PIPEC_OUTPUT held before the step.
func TestRetryLoopsRun(t *testing.T) {
	cases := []struct {
		shell, interp, ext string
		wrap               func(run string, n int) string
		flaky, broken      string // scripts: fail on the first try only; always fail
	}{
		{"bash", "bash", ".sh", func(run string, n int) string { return shellRetry(run, "bash", n, true) },
			"n=$(( $(cat tries 2>/dev/null || echo 0) + 1 )); echo $n > tries\necho \"try=$n\" >> \"$PIPEC_OUTPUT\"\nfalse_on_first() { [ $n -ge 2 ]; }\nfalse_on_first\necho \"passed on try $n\"\n",
			"n=$(( $(cat tries 2>/dev/null || echo 0) + 1 )); echo $n > tries\nfalse\necho \"never printed\"\n"},
		{"python", "python3", ".py", func(run string, n int) string { return pythonRetry(run, n, true) },
			"import os, sys\nn = int(open('tries').read()) + 1 if os.path.exists('tries') else 1\nopen('tries', 'w').write(str(n))\nopen(os.environ['PIPEC_OUTPUT'], 'a').write('try=%d\\n' % n)\nif n < 2:\n    sys.exit(\"fails on try %d\" % n)\nprint(\"it's \\\"passed\\\" on try\", n, '\\\\')\n",
			"import os\nn = int(open('tries').read()) + 1 if os.path.exists('tries') else 1\nopen('tries', 'w').write(str(n))\nraise SystemExit(4)\n"},
		{"pwsh", "pwsh", ".ps1", func(run string, n int) string { return pwshRetry(run, "pwsh", n, true) },
			"$n = 1; if (Test-Path tries) { $n = [int](Get-Content tries) + 1 }\nSet-Content tries $n\nAdd-Content -Encoding utf8 $env:PIPEC_OUTPUT \"try=$n\"\nif ($n -lt 2) { Write-Error 'fails on the first try' }\nWrite-Output \"it's ‘passed’ on try $n\"\n",
			"$n = 1; if (Test-Path tries) { $n = [int](Get-Content tries) + 1 }\nSet-Content tries $n\n& pwsh -noprofile -command 'exit 3'\nWrite-Output 'the exit code is last'\n"},
	}
	for _, c := range cases {
		t.Run(c.shell, func(t *testing.T) {
			interp, err := exec.LookPath(c.interp)
			if err != nil {
				t.Skipf("%s is not installed", c.interp)
			}
			var output string
			run := func(script string) (string, string, int) {
				dir := t.TempDir()
				outFile := filepath.Join(dir, "pipec-output")
				if err := os.WriteFile(outFile, []byte("before=1\n"), 0o644); err != nil {
					t.Fatal(err)
				}
				outer := filepath.Join(dir, "step"+c.ext)
				body := c.wrap(script, 2)
				if c.shell == "pwsh" { // what GitHub puts around a pwsh step
					body = "$ErrorActionPreference = 'stop'\n" + body + "if ((Test-Path -LiteralPath variable:\\LASTEXITCODE)) { exit $LASTEXITCODE }\n"
				}
				if err := os.WriteFile(outer, []byte(body), 0o644); err != nil {
					t.Fatal(err)
				}
				args := []string{outer}
				if c.shell == "pwsh" {
					args = []string{"-command", ". '" + outer + "'"}
				}
				cmd := exec.Command(interp, args...)
				cmd.Dir = dir
				cmd.Env = append(os.Environ(), "RUNNER_TEMP="+dir, "PIPEC_OUTPUT="+outFile)
				out, _ := cmd.CombinedOutput()
				written, _ := os.ReadFile(outFile)
				output = strings.ReplaceAll(string(written), "\r", "")
				tries, _ := os.ReadFile(filepath.Join(dir, "tries"))
				return string(out), strings.TrimSpace(string(tries)), cmd.ProcessState.ExitCode()
			}
			out, tries, code := run(c.flaky)
			if code != 0 || tries != "2" || !strings.Contains(out, "pipec: retrying (1 of 2)") || !strings.Contains(out, "passed") {
				t.Errorf("flaky script: exit %d after %s tries, want 0 after 2; output:\n%s", code, tries, out)
			}
			if output != "before=1\ntry=2\n" {
				t.Errorf("flaky script: $PIPEC_OUTPUT holds %q, want the line before the step and the passing try's", output)
			}
			out, tries, code = run(c.broken)
			if code != 1 || tries != "3" || strings.Contains(out, "(3 of 2)") || strings.Contains(out, "never printed") {
				t.Errorf("broken script: exit %d after %s tries, want 1 after 3; output:\n%s", code, tries, out)
			}
		})
	}
}

// GitHub refuses a job's outputs past 1 MiB, after the job's last step, with a message
// about evaluating templates; pipec's outputs step fails first and says why, and lets
// outputs up to the limit through.
func TestCollectOutputsLimit(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("sh is not installed")
	}
	j := &compile.Job{Stage: &model.Stage{Name: "big"}, Runner: &model.Runner{Class: "linux"}, Outputs: []model.String{{Value: "a"}, {Value: "b"}}}
	for size, fails := range map[int]bool{maxOutputBytes / 2: false, maxOutputBytes/2 + 1: true} {
		dir := t.TempDir()
		out := filepath.Join(dir, "pipec-output")
		line := strings.Repeat("x", size)
		if err := os.WriteFile(out, []byte("a="+line+"\nb="+line+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command("sh", "-c", collectOutputs(j))
		cmd.Env = append(os.Environ(), "PIPEC_OUTPUT="+out, "GITHUB_OUTPUT="+filepath.Join(dir, "github-output"))
		msg, err := cmd.CombinedOutput()
		if (err != nil) != fails || fails != strings.Contains(string(msg), `::error::pipec: the outputs of stage "big" hold 1048578 bytes`) {
			t.Errorf("two outputs of %d bytes: %v, %q; want failing %v", size, err, msg, fails)
		}
	}
}
