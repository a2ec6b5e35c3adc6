package pipec_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestGitHubAction runs the README's workflow with act (run.sh github), its `uses:`
// pointed at this working tree copied into the workspace as ./.pipec, so the action builds
// pipec from it as it would from its own checkout. A fresh repository passes, with the
// lint's notice as an annotation; a lint error fails with an error annotation on the spec's
// line; stale generated files (when this branch has generate --check) fail with the diff in
// the log. act runs on this host, with its go; actions/setup-go, which the action uses only
// without a go or with a go-version input, is an offline stand-in that says what it was
// asked (the last case gives go-version).
func TestGitHubAction(t *testing.T) {
	t.Parallel()
	dir := oracles(t)
	pipec := buildPipec(t)
	tmp := t.TempDir()

	check := hasGenerateCheck(t, pipec)
	wf := readmeSnippet(t, "github-action")
	wf = subLine(t, wf, `(\s*- uses: )pipec-dev/pipec@.*`, "${1}./.pipec")
	if !check {
		wf = addKeys(t, wf, `^\s*with:\s*$`, "check", "false")
		t.Log("NOTICE: " + noCheck + ": the action runs with check: false, and the stale case is skipped")
	}

	// act would fetch actions/setup-go from GitHub when it prepares the action, even for a
	// skipped step: give it a local stand-in for each ref action.yml names.
	action, err := os.ReadFile("action.yml")
	if err != nil {
		t.Fatal(err)
	}
	var actArgs []string
	for _, ref := range regexp.MustCompile(`uses: (actions/setup-go@\S+)`).FindAllStringSubmatch(string(action), -1) {
		stub := filepath.Join(tmp, "stub-"+strings.ReplaceAll(ref[1], "/", "_"))
		if err := os.MkdirAll(stub, 0o755); err != nil {
			t.Fatal(err)
		}
		src := "name: setup-go stand-in\ndescription: offline stand-in\ninputs:\n  go-version: {}\n  go-version-file: {}\n  cache: {}\n" +
			"runs:\n  using: composite\n  steps:\n    - shell: bash\n" +
			"      run: echo \"[stand-in] " + ref[1] + " go-version=${{ inputs.go-version }} go-version-file=${{ inputs.go-version-file }}\"\n"
		if err := os.WriteFile(filepath.Join(stub, "action.yml"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		actArgs = append(actArgs, "--local-repository", ref[1]+"="+stub)
	}
	if len(actArgs) == 0 {
		t.Fatal("action.yml names no actions/setup-go")
	}

	cases := []actionCase{
		{fresh, 0, []string{"Success - Main ./.pipec", "::notice file=pipeline.hcl,line=8,", "title=pipec missing-timeout::", "Job succeeded"}},
		{stale, 1, []string{"pipec generate --check failed (exit 1)", markerOld, markerNew, "Failure - Main ./.pipec"}},
		{lintError, 1, []string{"[stand-in] actions/setup-go", "go-version=1.26", "::error file=pipeline.hcl,line=12,", "title=pipec secret-literal::", "Failure - Main ./.pipec"}},
	}
	for _, c := range cases {
		t.Run(c.state.String(), func(t *testing.T) {
			if c.state == stale && !check {
				t.Skip("SKIP: " + noCheck)
			}
			ws := filepath.Join(tmp, c.state.String())
			copyProject(t, filepath.Join(ws, ".pipec"))
			writeUserRepo(t, pipec, ws, "pipeline.hcl", c.state)
			wf := wf
			if c.state == lintError {
				wf = addKeys(t, wf, `^\s*with:\s*$`, "go-version", `"1.26"`)
			}
			file := filepath.Join(tmp, c.state.String()+".yml")
			if err := os.WriteFile(file, []byte(wf), 0o644); err != nil {
				t.Fatal(err)
			}
			env := append(goCaches(t), fmt.Sprintf("GHA_RUN_TIMEOUT=%d", int(hookTimeout.Seconds())-30))
			start := time.Now()
			out, code := runCmd(t, tmp, env, filepath.Join(dir, "run.sh"), append([]string{"github", file, ws, "--"}, actArgs...)...)
			t.Logf("run.sh github: exit %d in %v:\n%s", code, time.Since(start).Round(100*time.Millisecond), out)
			if code == oracleNotInstalled {
				notInstalled(t, []byte(out))
			}
			if code != c.exit {
				t.Fatalf("run.sh github, %s repository: exit %d, want %d:\n%s", c.state, code, c.exit, out)
			}
			mustContain(t, "run.sh github, "+c.state.String()+" repository", out, c.want...)
		})
	}
}
