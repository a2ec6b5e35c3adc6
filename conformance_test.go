package pipec_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/goccy/go-yaml"
	"github.com/pipec-dev/pipec/lint"
)

// The conformance tests judge the golden outputs with the platforms' own tools: GitHub's
// workflow parser and actionlint (../shared/oracles/check.sh), and nektos/act running
// the jobs on this host (../shared/oracles/run.sh). Only actionlint runs in-process and
// needs nothing beside the repository.
//
// Without ../shared/oracles, or with the oracles not installed (check.sh exits 3), the
// tests that need them fail under CI=true and are skipped elsewhere, saying so.

// Oracle exit codes (see ../shared/oracles/README.md).
const oracleNotInstalled = 3

// runTimeout bounds one run of a workflow's jobs with act.
const runTimeout = 5 * time.Minute

// oracles returns the absolute path of ../shared/oracles, or skips (fails under CI).
func oracles(t *testing.T) string {
	t.Helper()
	dir := needShared(t, filepath.Join(sharedDir, "oracles"))
	needShared(t, filepath.Join(dir, "check.sh"))
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

// notInstalled fails under CI, and skips elsewhere, when an oracle exits 3.
func notInstalled(t *testing.T, out []byte) {
	t.Helper()
	msg := fmt.Sprintf("the oracles are not installed: run %s/oracles/install.sh\n%s", sharedDir, out)
	if ciMode() {
		t.Fatalf("CI=true: %s", msg)
	}
	t.Skipf("SKIP: %s", msg)
}

// goldenGitHub lists every testdata/*/want/github.yml.
func goldenGitHub(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "*", "want", "github.yml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no testdata/*/want/github.yml: run make golden")
	}
	sort.Strings(files)
	return files
}

// selfHostedLabels lists the runs-on labels a workflow names, sorted. A spec names a
// self-hosted runner's labels deliberately (runner = ["self-hosted", "gpu"]), so the
// checks declare them to actionlint the way a repository would, in actionlint.yaml.
func selfHostedLabels(t *testing.T, src []byte) []string {
	t.Helper()
	var wf struct {
		Jobs yaml.MapSlice `yaml:"jobs"`
	}
	if err := yaml.Unmarshal(src, &wf); err != nil {
		t.Fatal(err)
	}
	set := map[string]bool{}
	for _, j := range wf.Jobs {
		job, ok := j.Value.(map[string]any)
		if !ok {
			continue
		}
		if labels, ok := job["runs-on"].([]any); ok {
			for _, l := range labels {
				if s, ok := l.(string); ok {
					set[s] = true
				}
			}
		}
	}
	out := make([]string, 0, len(set))
	for l := range set {
		out = append(out, l)
	}
	sort.Strings(out)
	return out
}

// projectTree lays each golden workflow out as the repository a user would have:
// .git, .github/workflows/CASE.yml and .github/actionlint.yaml with its self-hosted
// labels. actionlint reads its configuration only in such a tree. It returns the workflow
// paths and a map from each back to its golden file, for messages.
func projectTree(t *testing.T, files []string) ([]string, map[string]string) {
	t.Helper()
	root := t.TempDir()
	var out []string
	back := map[string]string{}
	for _, f := range files {
		name := filepath.Base(filepath.Dir(filepath.Dir(f)))
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		dir := filepath.Join(root, name)
		wfDir := filepath.Join(dir, ".github", "workflows")
		if err := os.MkdirAll(wfDir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Mkdir(filepath.Join(dir, ".git"), 0o755); err != nil {
			t.Fatal(err)
		}
		cfg := "self-hosted-runner:\n  labels:\n"
		for _, l := range selfHostedLabels(t, src) {
			cfg += "    - " + strconv.Quote(l) + "\n"
		}
		if err := os.WriteFile(filepath.Join(dir, ".github", "actionlint.yaml"), []byte(cfg), 0o644); err != nil {
			t.Fatal(err)
		}
		wf := filepath.Join(wfDir, name+".yml")
		if err := os.WriteFile(wf, src, 0o644); err != nil {
			t.Fatal(err)
		}
		out = append(out, wf)
		back[wf] = f
	}
	return out, back
}

// TestConformanceGitHub runs GitHub's workflow parser and actionlint with shellcheck
// (check.sh github) on every golden GitHub workflow, in one call.
func TestConformanceGitHub(t *testing.T) {
	t.Parallel()
	dir := oracles(t)
	files, back := projectTree(t, goldenGitHub(t))
	ctx, cancel := context.WithTimeout(context.Background(), runTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, filepath.Join(dir, "check.sh"), append([]string{"github"}, files...)...)
	killGroup(cmd)
	outb, err := cmd.CombinedOutput()
	out := string(outb)
	for tmp, golden := range back {
		out = strings.ReplaceAll(out, tmp, golden)
	}
	code := exitCode(err)
	switch {
	case code == oracleNotInstalled:
		notInstalled(t, outb)
	case err != nil:
		t.Fatalf("check.sh github failed (%v):\n%s", err, out)
	}
	t.Logf("%s", out)
}

// TestConformanceGitLab runs GitLab's own schema and checks (gitlab-ci-local) on every
// golden GitLab file; TestConformanceCircleCI runs CircleCI's schema and the oracles'
// structure checks on every golden CircleCI file; TestConformanceAzure runs Microsoft's
// Azure Pipelines language service and schema, and the structure checks, on every
// golden Azure file.
func TestConformanceGitLab(t *testing.T)   { checkGolden(t, "gitlab") }
func TestConformanceCircleCI(t *testing.T) { checkGolden(t, "circleci") }
func TestConformanceAzure(t *testing.T)    { checkGolden(t, "azure") }

// checkTimeout bounds one check.sh call over n files. It is there to stop a validator
// that hangs, which the drivers guard against themselves (GitLab's kills a file's check
// after a minute); GitLab's validator takes up to a few seconds a file on a busy machine,
// so the bound grows with the number of golden cases instead of failing as they grow.
func checkTimeout(n int) time.Duration {
	return max(runTimeout, time.Duration(n)*10*time.Second)
}

// checkGolden runs `check.sh TARGET` on every testdata/*/want/TARGET.yml, in one call.
func checkGolden(t *testing.T, target string) {
	t.Parallel()
	dir := oracles(t)
	files, err := filepath.Glob(filepath.Join("testdata", "*", "want", target+".yml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata/*/want/%s.yml (%v): run make golden", target, err)
	}
	sort.Strings(files)
	ctx, cancel := context.WithTimeout(context.Background(), checkTimeout(len(files)))
	defer cancel()
	cmd := exec.CommandContext(ctx, filepath.Join(dir, "check.sh"), append([]string{target}, files...)...)
	killGroup(cmd)
	out, err := cmd.CombinedOutput()
	switch code := exitCode(err); {
	case code == oracleNotInstalled:
		notInstalled(t, out)
	case err != nil:
		t.Fatalf("check.sh %s failed (%v):\n%s", target, err, out)
	}
	t.Logf("%s", out)
}

// TestActionlintGolden runs actionlint in-process (lint.Actionlint) on every golden GitHub
// workflow: no finding is allowed. shellcheck checks the scripts when it is installed,
// with the oracles' severity (warnings and errors; SHELLCHECK_OPTS overrides).
func TestActionlintGolden(t *testing.T) {
	if _, ok := os.LookupEnv("SHELLCHECK_OPTS"); !ok {
		t.Setenv("SHELLCHECK_OPTS", "--severity=warning")
	}
	if _, err := exec.LookPath("shellcheck"); err != nil {
		t.Log("shellcheck is not on PATH: run: scripts are not checked")
	}
	for _, f := range goldenGitHub(t) {
		t.Run(filepath.Base(filepath.Dir(filepath.Dir(f))), func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			findings, err := lint.Actionlint(f, src, selfHostedLabels(t, src))
			if err != nil {
				t.Fatal(err)
			}
			for _, fd := range findings {
				t.Errorf("%s:%s", f, fd)
			}
		})
	}
}

// runSpec is a testdata/<case>/run-github.txt: what running the case's GitHub workflow
// must print. Leading lines `# event: NAME` (the event act simulates, as GHA_EVENT) and
// `# exit: N` (run.sh's exit code, default 0) and `# isolate` (gitlab-ci-local's
// --shell-isolation: each job in a directory of its own, as on a real runner, so that
// only caches and artifacts carry files between jobs) configure the run; other lines starting with
// `#` and blank lines are comments. Every other line must appear, in order, inside the
// run's output lines; a line starting with `! ` must appear nowhere in the output.
type runSpec struct {
	event   string
	exit    int
	isolate bool
	want    []string
	wantNot []string
}

func parseRunSpec(data []byte) (runSpec, error) {
	rs := runSpec{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimRight(sc.Text(), " \t\r")
		switch {
		case strings.HasPrefix(line, "# event:"):
			rs.event = strings.TrimSpace(strings.TrimPrefix(line, "# event:"))
		case strings.HasPrefix(line, "# exit:"):
			code, err := strconv.Atoi(strings.TrimSpace(strings.TrimPrefix(line, "# exit:")))
			if err != nil {
				return rs, fmt.Errorf("line %d: bad exit code: %v", n, err)
			}
			rs.exit = code
		case line == "# isolate":
			rs.isolate = true
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "! "):
			rs.wantNot = append(rs.wantNot, strings.TrimPrefix(line, "! "))
		default:
			rs.want = append(rs.want, line)
		}
	}
	if len(rs.want) == 0 {
		return rs, errors.New("no expected output lines")
	}
	return rs, sc.Err()
}

// check returns what is missing from out, or "".
func (rs runSpec) check(out string) string {
	lines := strings.Split(out, "\n")
	i := 0
	for _, w := range rs.want {
		for i < len(lines) && !strings.Contains(lines[i], w) {
			i++
		}
		if i == len(lines) {
			if strings.Contains(out, w) {
				return fmt.Sprintf("%q appears, but not after the lines expected before it", w)
			}
			return fmt.Sprintf("%q does not appear", w)
		}
		i++
	}
	for _, w := range rs.wantNot {
		if strings.Contains(out, w) {
			return fmt.Sprintf("%q appears, but must not", w)
		}
	}
	return ""
}

func TestRunSpecCheck(t *testing.T) {
	rs, err := parseRunSpec([]byte("# event: push\n# exit: 1\n# isolate\n# a comment\n\nfirst\nsecond\n! never\n"))
	if err != nil {
		t.Fatal(err)
	}
	if rs.event != "push" || rs.exit != 1 || !rs.isolate || len(rs.want) != 2 || len(rs.wantNot) != 1 {
		t.Fatalf("parsed %+v", rs)
	}
	for out, want := range map[string]string{
		"[a] first\n[b] second\n":        "",
		"[a] second\n[b] first\n":        "not after",
		"[a] first\n":                    "does not appear",
		"first\nsecond\nnever\n":         "must not",
		"x first y\nz second and more\n": "",
	} {
		if got := rs.check(out); want == "" && got != "" || !strings.Contains(got, want) {
			t.Errorf("check(%q) = %q, want %q", out, got, want)
		}
	}
	if _, err := parseRunSpec([]byte("# event: push\n")); err == nil {
		t.Error("want an error for a file without expected lines")
	}
}

// TestRunGitHub runs, for each case with a run-github.txt, the case's golden GitHub
// workflow with act on this host (run.sh github want/github.yml [workspace]), and checks
// its output. testdata/<case>/workspace, when present, is the checkout the jobs see.
func TestRunGitHub(t *testing.T) { runCases(t, "github") }

// TestRunGitLab does the same for each run-gitlab.txt, with gitlab-ci-local's shell
// executor (run.sh gitlab want/gitlab.yml [workspace]).
func TestRunGitLab(t *testing.T) { runCases(t, "gitlab") }

func runCases(t *testing.T, target string) {
	t.Parallel()
	specs, err := filepath.Glob(filepath.Join("testdata", "*", "run-"+target+".txt"))
	if err != nil {
		t.Fatal(err)
	}
	if len(specs) == 0 {
		t.Fatalf("no testdata/*/run-%s.txt", target)
	}
	sort.Strings(specs)
	dir := oracles(t)
	for _, spec := range specs {
		caseDir := filepath.Dir(spec)
		t.Run(filepath.Base(caseDir), func(t *testing.T) {
			t.Parallel()
			data, err := os.ReadFile(spec)
			if err != nil {
				t.Fatal(err)
			}
			rs, err := parseRunSpec(data)
			if err != nil {
				t.Fatalf("%s: %v", spec, err)
			}
			wf := filepath.Join("want", target+".yml")
			if _, err := os.Stat(filepath.Join(caseDir, wf)); err != nil {
				t.Fatalf("%v: run make golden", err)
			}
			args := []string{target, wf}
			if fi, err := os.Stat(filepath.Join(caseDir, "workspace")); err == nil && fi.IsDir() {
				args = append(args, "workspace")
			}
			if rs.isolate {
				args = append(args, "--", "--shell-isolation")
			}
			ctx, cancel := context.WithTimeout(context.Background(), runTimeout)
			defer cancel()
			cmd := exec.CommandContext(ctx, filepath.Join(dir, "run.sh"), args...)
			cmd.Dir = caseDir
			// run.sh's own timeout fires first, with a message saying so.
			cmd.Env = append(os.Environ(), fmt.Sprintf("GHA_RUN_TIMEOUT=%d", int(runTimeout.Seconds())-20))
			if rs.event != "" {
				cmd.Env = append(cmd.Env, "GHA_EVENT="+rs.event)
			}
			killGroup(cmd)
			start := time.Now()
			outb, err := cmd.CombinedOutput()
			out := string(outb)
			code := exitCode(err)
			if code == oracleNotInstalled {
				notInstalled(t, outb)
			}
			if ctx.Err() != nil {
				t.Fatalf("run.sh %s: no result in %v:\n%s", strings.Join(args, " "), runTimeout, out)
			}
			if code != rs.exit {
				t.Fatalf("run.sh %s in %s: exit %d, want %d (%v):\n%s", strings.Join(args, " "), caseDir, code, rs.exit, err, out)
			}
			if msg := rs.check(out); msg != "" {
				t.Fatalf("run.sh %s in %s: %s; output:\n%s", strings.Join(args, " "), caseDir, msg, out)
			}
			t.Logf("ran in %v", time.Since(start).Round(time.Second))
		})
	}
}

// exitCode is a command's exit code: 0 on success, -1 when it did not exit normally.
func exitCode(err error) int {
	if err == nil {
		return 0
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode()
	}
	return -1
}
