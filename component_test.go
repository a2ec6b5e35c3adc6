package pipec_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// TestGitLabComponent includes templates/pipec.yml as the README's .gitlab-ci.yml does
// (its `component:` made `local:`), checks the file with GitLab's schema (check.sh gitlab,
// the template resolved from the workspace) and runs it with gitlab-ci-local (run.sh
// gitlab). The runner here has no network, so the `pipec` input hands the job a pipec built
// from this working tree instead of `go install`. A fresh repository passes with the Code
// Quality report (printed by an after_script the test adds); a lint error fails with the
// finding in the report; stale generated files (when this branch has generate --check)
// fail with the diff in the log.
func TestGitLabComponent(t *testing.T) {
	t.Parallel()
	dir := oracles(t)
	pipec := buildPipec(t)
	tmp := t.TempDir()

	check := hasGenerateCheck(t, pipec)
	ci := readmeSnippet(t, "gitlab-component")
	ci = subLine(t, ci, `(\s*- )component: .*`, "${1}local: templates/pipec.yml")
	ci = addKeys(t, ci, `^\s*inputs:\s*$`, "pipec", pipec)
	if !check {
		ci = addKeys(t, ci, `^\s*inputs:\s*$`, "check", "false")
		t.Log("NOTICE: " + noCheck + ": the component runs with check: false, and the stale case is skipped")
	}
	ci += "pipec:\n  after_script:\n    - cat gl-code-quality-report.json\n"
	file := filepath.Join(tmp, "gitlab-ci.yml")
	if err := os.WriteFile(file, []byte(ci), 0o644); err != nil {
		t.Fatal(err)
	}
	template, err := os.ReadFile(filepath.Join("templates", "pipec.yml"))
	if err != nil {
		t.Fatal(err)
	}
	workspace := func(s repoState) string {
		ws := filepath.Join(tmp, s.String())
		writeUserRepo(t, pipec, ws, filepath.Join("ci", "pipeline.hcl"), s, "--target", "gitlab")
		if err := os.MkdirAll(filepath.Join(ws, "templates"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(ws, "templates", "pipec.yml"), template, 0o644); err != nil {
			t.Fatal(err)
		}
		return ws
	}

	t.Run("schema", func(t *testing.T) {
		cmd := exec.Command(filepath.Join(dir, "check.sh"), "gitlab", file)
		cmd.Env = append(os.Environ(), "CHECK_GITLAB_WORKSPACE="+workspace(fresh))
		out, err := cmd.CombinedOutput()
		switch code := exitCode(err); {
		case code == oracleNotInstalled:
			notInstalled(t, out)
		case code != 0:
			t.Fatalf("check.sh gitlab on the README's include: exit %d:\n%s\n%s", code, out, ci)
		}
	})

	cases := []actionCase{
		{fresh, 0, []string{"test  > " + markerNew, "pipec > pipec ", `"check_name": "missing-timeout"`, " PASS  test", " PASS  pipec"}},
		{stale, 1, []string{"pipec generate --check failed (exit 1)", markerOld, markerNew, " FAIL  pipec"}},
		{lintError, 1, []string{"[secret-literal]", `"check_name": "secret-literal"`, `"path": "ci/pipeline.hcl"`, " FAIL  pipec"}},
	}
	for _, c := range cases {
		t.Run(c.state.String(), func(t *testing.T) {
			if c.state == stale && !check {
				t.Skip("SKIP: " + noCheck)
			}
			ws := workspace(c.state)
			// Not GCL_RUN_TIMEOUT: gitlab-ci-local reads GCL_* variables as its own flags and
			// stops at this one ("Unknown argument: runTimeout"); run.sh's default is 600 s.
			start := time.Now()
			out, code := runCmd(t, tmp, nil, filepath.Join(dir, "run.sh"), "gitlab", file, ws)
			t.Logf("run.sh gitlab: exit %d in %v:\n%s", code, time.Since(start).Round(100*time.Millisecond), out)
			if code == oracleNotInstalled {
				notInstalled(t, []byte(out))
			}
			if code != c.exit {
				t.Fatalf("run.sh gitlab, %s repository: exit %d, want %d:\n%s", c.state, code, c.exit, out)
			}
			mustContain(t, "run.sh gitlab, "+c.state.String()+" repository", out, c.want...)
		})
	}
}
