package pipec_test

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/goccy/go-yaml"
)

// The integrations that run pipec in a user's repository: the pre-commit hooks
// (.pre-commit-hooks.yaml), the composite GitHub Action (action.yml) and the GitLab CI/CD
// component (templates/pipec.yml). Each test takes the set-up README.md shows (the fenced
// block after a `<!-- tested: NAME -->` line), points it at this working tree, and runs it
// for real on a temporary repository: pre-commit itself, act through
// ../shared/oracles/run.sh github, gitlab-ci-local through run.sh gitlab.
//
// `pipec generate --check` is not in every branch yet: where `pipec generate --help` does
// not list it, the tests turn the check off (the hook, the action's and the component's
// `check` input) and skip the stale-file cases, saying so.

// hookTimeout bounds one run of pre-commit, act or gitlab-ci-local, a Go build included.
const hookTimeout = 8 * time.Minute

// The markers the user's spec echoes. A stale repository's generated files have the old
// one and its spec the new one, so only a diff of the files shows both.
const (
	markerOld = "hello-from-the-old-spec"
	markerNew = "hello-from-the-new-spec"
)

func userSpec(marker, extra string) string {
	return `pipeline "demo" {
  on {
    push {
      branches = ["main"]
    }
  }

  stage "test" {
    step "hello" {
      run = "echo ` + marker + `"` + extra + `
    }
  }
}
`
}

// secretLiteral makes the step trip lint's secret-literal rule (severity error).
const secretLiteral = `
      env = {
        AWS_ACCESS_KEY_ID = "AKIAABCDEFGHIJKLMNOP"
      }`

type repoState int

const (
	fresh     repoState = iota // generated files match the spec
	stale                      // the spec changed after the files were generated
	lintError                  // fresh, and the spec has a lint error
)

func (s repoState) String() string { return [...]string{"fresh", "stale", "lint-error"}[s] }

// writeUserRepo writes the spec dir/spec in state s and its generated files (args are
// extra generate flags, such as --target).
func writeUserRepo(t *testing.T, pipec, dir, spec string, s repoState, args ...string) {
	t.Helper()
	path := filepath.Join(dir, spec)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(src string) {
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	generate := func() {
		if out, code := runCmd(t, dir, nil, pipec, append([]string{"generate", "-q"}, append(args, spec)...)...); code != 0 {
			t.Fatalf("pipec generate %s: exit %d:\n%s", spec, code, out)
		}
	}
	switch s {
	case fresh:
		write(userSpec(markerNew, ""))
		generate()
	case stale:
		write(userSpec(markerOld, ""))
		generate()
		write(userSpec(markerNew, ""))
	case lintError:
		write(userSpec(markerNew, secretLiteral))
		generate()
	}
}

// runCmd runs a command in dir with env added to the test's environment, and returns its
// combined output and exit code (-1 when it did not exit normally). It fails the test when
// the command does not finish within hookTimeout.
func runCmd(t *testing.T, dir string, env []string, name string, args ...string) (string, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), hookTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	killGroup(cmd)
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		t.Fatalf("%s %s: no result in %v:\n%s", name, strings.Join(args, " "), hookTimeout, out)
	}
	return string(out), exitCode(err)
}

// needTool returns a program's path. Without it the test fails under CI=true (.ci/run
// installs it) and is skipped elsewhere, saying so.
func needTool(t *testing.T, name, hint string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		msg := fmt.Sprintf("%s is not on PATH (%s)", name, hint)
		if ciMode() {
			t.Fatalf("CI=true: %s", msg)
		}
		t.Skipf("SKIP: %s", msg)
	}
	return p
}

// buildPipec builds the command from this working tree into a temporary directory.
func buildPipec(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "pipec")
	if out, code := runCmd(t, ".", nil, "go", "build", "-o", bin, "./cmd/pipec"); code != 0 {
		t.Fatalf("go build ./cmd/pipec: exit %d:\n%s", code, out)
	}
	return bin
}

// hasGenerateCheck reports whether this pipec has `generate --check`.
func hasGenerateCheck(t *testing.T, pipec string) bool {
	t.Helper()
	out, code := runCmd(t, ".", nil, pipec, "generate", "--help")
	if code != 0 {
		t.Fatalf("pipec generate --help: exit %d:\n%s", code, out)
	}
	return strings.Contains(out, "--check")
}

const noCheck = "pipec generate --check is not supported in this branch yet (pipec generate --help does not list it)"

// goCaches returns GOCACHE and GOMODCACHE as the test's go has them, as environment
// entries: the tools under test build pipec with them, so a build reuses this one's work
// and needs no download, even where a runner sets HOME elsewhere (act and gitlab-ci-local do).
func goCaches(t *testing.T) []string {
	t.Helper()
	out, code := runCmd(t, ".", nil, "go", "env", "GOCACHE", "GOMODCACHE")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != 2 {
		t.Fatalf("go env GOCACHE GOMODCACHE: exit %d:\n%s", code, out)
	}
	return []string{"GOCACHE=" + lines[0], "GOMODCACHE=" + lines[1]}
}

// readmeSnippet returns the fenced block that follows `<!-- tested: NAME -->` in README.md.
func readmeSnippet(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	marker := "<!-- tested: " + name + " -->\n"
	_, rest, ok := strings.Cut(string(data), marker)
	if !ok {
		t.Fatalf("README.md has no %q line before a snippet", strings.TrimSpace(marker))
	}
	fence, rest, ok := strings.Cut(rest, "\n")
	if !ok || !strings.HasPrefix(fence, "```") {
		t.Fatalf("README.md: %q is not followed by a fenced block", strings.TrimSpace(marker))
	}
	body, _, ok := strings.Cut(rest, "```\n")
	if !ok {
		t.Fatalf("README.md: the block after %q is not closed", strings.TrimSpace(marker))
	}
	return body
}

// subLine replaces the one line of a snippet that matches re (anchored at the line's start
// and end) with repl, which may name re's groups as in regexp.Expand; the snippet must
// have exactly one such line.
func subLine(t *testing.T, snippet, re, repl string) string {
	t.Helper()
	rx := regexp.MustCompile(`(?m)^` + re + `$`)
	if n := len(rx.FindAllString(snippet, -1)); n != 1 {
		t.Fatalf("README snippet: want one line matching %q, found %d:\n%s", re, n, snippet)
	}
	return rx.ReplaceAllString(snippet, repl)
}

// setLine replaces the rest of the one line that starts with a match of prefix with value.
func setLine(t *testing.T, snippet, prefix, value string) string {
	t.Helper()
	return subLine(t, snippet, `(`+prefix+`).*`, "${1}"+strings.ReplaceAll(value, "$", "$$"))
}

// addKeys inserts `key: value` lines into the mapping that the one line matching re
// opens (such as `with:` or `inputs:`), indented like the mapping's first line.
func addKeys(t *testing.T, snippet, re string, kv ...string) string {
	t.Helper()
	lines := strings.SplitAfter(snippet, "\n")
	rx := regexp.MustCompile(re)
	for i, l := range lines {
		if !rx.MatchString(l) || i+1 >= len(lines) {
			continue
		}
		next := lines[i+1]
		indent := next[:len(next)-len(strings.TrimLeft(next, " "))]
		var add []string
		for j := 0; j+1 < len(kv); j += 2 {
			add = append(add, indent+kv[j]+": "+kv[j+1]+"\n")
		}
		return strings.Join(lines[:i+1], "") + strings.Join(add, "") + strings.Join(lines[i+1:], "")
	}
	t.Fatalf("README snippet: no line matching %q opening a mapping:\n%s", re, snippet)
	return ""
}

// projectFiles lists this working tree's files (tracked, and untracked ones git does not
// ignore, so uncommitted changes are tested too); outside a git checkout, every file but
// .git and bin.
func projectFiles(t *testing.T) []string {
	t.Helper()
	if out, err := exec.Command("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard").Output(); err == nil && len(out) > 0 {
		var files []string
		for _, f := range strings.Split(strings.TrimRight(string(out), "\x00"), "\x00") {
			if fi, err := os.Lstat(f); err == nil && fi.Mode().IsRegular() { // deleted but not staged: skip
				files = append(files, f)
			}
		}
		return files
	}
	var files []string
	err := filepath.WalkDir(".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (p == ".git" || p == "bin") {
			return filepath.SkipDir
		}
		if d.Type().IsRegular() {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// copyProject copies this working tree's files into dst.
func copyProject(t *testing.T, dst string) {
	t.Helper()
	for _, f := range projectFiles(t) {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		fi, err := os.Stat(f)
		if err != nil {
			t.Fatal(err)
		}
		to := filepath.Join(dst, f)
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(to, data, fi.Mode().Perm()); err != nil {
			t.Fatal(err)
		}
	}
}

// gitEnv makes commits work without a user's git configuration.
var gitEnv = []string{
	"GIT_AUTHOR_NAME=pipec test", "GIT_AUTHOR_EMAIL=test@example.invalid",
	"GIT_COMMITTER_NAME=pipec test", "GIT_COMMITTER_EMAIL=test@example.invalid",
	"GIT_CONFIG_NOSYSTEM=1",
}

// gitCommitAll makes dir a git repository (when it is not one) and commits everything in
// it; it returns the commit.
func gitCommitAll(t *testing.T, dir, msg string) string {
	t.Helper()
	if _, err := os.Stat(filepath.Join(dir, ".git")); err != nil {
		if out, code := runCmd(t, dir, gitEnv, "git", "init", "-q", "-b", "main"); code != 0 {
			t.Fatalf("git init: %s", out)
		}
	}
	for _, args := range [][]string{{"add", "-A"}, {"-c", "commit.gpgsign=false", "commit", "-q", "--allow-empty", "--no-verify", "-m", msg}} {
		if out, code := runCmd(t, dir, gitEnv, "git", args...); code != 0 {
			t.Fatalf("git %s: %s", strings.Join(args, " "), out)
		}
	}
	out, code := runCmd(t, dir, gitEnv, "git", "rev-parse", "HEAD")
	if code != 0 {
		t.Fatalf("git rev-parse HEAD: %s", out)
	}
	return strings.TrimSpace(out)
}

// sameFiles fails unless every file under want has the same bytes under got.
func sameFiles(t *testing.T, want, got string) {
	t.Helper()
	err := filepath.WalkDir(want, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(want, p)
		w, _ := os.ReadFile(p)
		g, err := os.ReadFile(filepath.Join(got, rel))
		if err != nil || !bytes.Equal(w, g) {
			t.Errorf("%s is not what pipec generate writes (%v):\n%s", rel, err, g)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// mustContain fails when out lacks one of the strings.
func mustContain(t *testing.T, what, out string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("%s: the output lacks %q", what, w)
		}
	}
	if t.Failed() {
		t.Fatalf("%s output:\n%s", what, out)
	}
}

// actionCase is one run of an integration on a user's repository.
type actionCase struct {
	state repoState
	exit  int
	want  []string
}

// TestIntegrationScripts runs shellcheck on the scripts of action.yml (bash) and of
// templates/pipec.yml (POSIX sh: a GitLab image may have no bash), with the oracles'
// severity (warnings and errors). It also checks that action.yml passes inputs to its
// scripts through env, never as ${{ }} inside `run:`, where a value becomes script text.
func TestIntegrationScripts(t *testing.T) {
	shellcheck := needTool(t, "shellcheck", "the oracles' install.sh installs it as root; or apt-get install shellcheck")
	var action struct {
		Runs struct {
			Steps []struct {
				Name  string `yaml:"name"`
				Shell string `yaml:"shell"`
				Run   string `yaml:"run"`
			} `yaml:"steps"`
		} `yaml:"runs"`
	}
	src, err := os.ReadFile("action.yml")
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(src, &action); err != nil {
		t.Fatal(err)
	}
	type script struct{ name, shell, body string }
	var scripts []script
	for _, st := range action.Runs.Steps {
		if st.Run == "" {
			continue
		}
		if st.Shell != "bash" {
			t.Errorf("action.yml, step %q: shell %q, want bash", st.Name, st.Shell)
		}
		if strings.Contains(st.Run, "${{") {
			t.Errorf("action.yml, step %q: an expression inside run: pass it through env", st.Name)
		}
		scripts = append(scripts, script{"action.yml: " + st.Name, "bash", st.Run})
	}

	src, err = os.ReadFile(filepath.Join("templates", "pipec.yml"))
	if err != nil {
		t.Fatal(err)
	}
	_, body, ok := strings.Cut(string(src), "\n---\n")
	if !ok {
		t.Fatal("templates/pipec.yml: no `---` after the spec header")
	}
	var component map[string]struct {
		Script []string `yaml:"script"`
	}
	if err := yaml.Unmarshal([]byte(body), &component); err != nil {
		t.Fatal(err)
	}
	if len(component["pipec"].Script) == 0 {
		t.Fatal("templates/pipec.yml: the pipec job has no script")
	}
	inputs := regexp.MustCompile(`\$\[\[\s*inputs\.[\w-]+\s*\]\]`)
	for i, s := range component["pipec"].Script {
		scripts = append(scripts, script{fmt.Sprintf("templates/pipec.yml: script %d", i), "sh", inputs.ReplaceAllString(s, "true")})
	}

	dir := t.TempDir()
	for i, s := range scripts {
		f := filepath.Join(dir, fmt.Sprintf("%d.sh", i))
		if err := os.WriteFile(f, []byte(s.body), 0o644); err != nil {
			t.Fatal(err)
		}
		if out, code := runCmd(t, dir, nil, shellcheck, "--severity=warning", "--shell="+s.shell, f); code != 0 {
			t.Errorf("%s: shellcheck exit %d:\n%s", s.name, code, out)
		}
	}
	if len(scripts) < 3 {
		t.Errorf("found %d scripts, want the action's (look for go, build, check and lint) and the component's", len(scripts))
	}
}
