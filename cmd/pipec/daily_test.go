package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// pipecIn runs the command in-process with a console of the test's choosing.
func pipecIn(t *testing.T, c console, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	c.stdout, c.stderr = &stdout, &stderr
	if c.getenv == nil {
		c.getenv = func(string) string { return "" }
	}
	if c.isTerminal == nil {
		c.isTerminal = func(io.Writer) bool { return false }
	}
	code := runConsole(args, c)
	return result{code, stdout.String(), stderr.String()}
}

// writeFile writes data to dir/rel, creating directories.
func writeFile(t *testing.T, dir, rel, data string) string {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func readFile(t *testing.T, p string) string {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// snapshot is every file under dir with its bytes and modification time.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, f := range files(t, dir) {
		p := filepath.Join(dir, filepath.FromSlash(f))
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		out[f] = st.ModTime().String() + "\n" + readFile(t, p)
	}
	return out
}

func sameSnapshot(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// A file whose bytes would not change is not written: its modification time stays. A
// file that changed is replaced, and the others are still left alone.
func TestGenerateLeavesUnchangedFilesAlone(t *testing.T) {
	dir := t.TempDir()
	spec := writeFile(t, dir, "pipeline.hcl", helloSpec)
	if r := pipec(t, "generate", spec, "-q"); r.code != 0 {
		t.Fatalf("want exit 0, got %v", r)
	}
	// Set every output an hour back, so a rewrite would show even on a coarse clock.
	past := time.Now().Add(-time.Hour).Truncate(time.Second)
	outs := []string{helloOut, ".gitlab-ci.yml", ".circleci/config.yml", "azure-pipelines.yml"}
	for _, f := range outs {
		if err := os.Chtimes(filepath.Join(dir, filepath.FromSlash(f)), past, past); err != nil {
			t.Fatal(err)
		}
	}
	before := snapshot(t, dir)
	r := pipec(t, "generate", spec, "--verbose")
	if r.code != 0 {
		t.Fatalf("want exit 0, got %v", r)
	}
	if regexp.MustCompile(`(?m)^wrote `).MatchString(r.stderr) || !strings.Contains(r.stderr, "pipec: 0 files written, 4 unchanged, in ") {
		t.Errorf("an unchanged file was written: %v", r)
	}
	for _, f := range outs {
		if !strings.Contains(r.stderr, "unchanged "+filepath.Join(dir, filepath.FromSlash(f))+"\n") {
			t.Errorf("--verbose does not say %s is unchanged: %v", f, r)
		}
	}
	if after := snapshot(t, dir); !sameSnapshot(before, after) {
		t.Errorf("files changed on a second run:\nbefore %q\nafter  %q", before, after)
	}
	if r := pipec(t, "generate", spec); r.code != 0 || r.stderr != "" {
		t.Errorf("nothing to write: want a silent exit 0, got %v", r)
	}

	// A changed spec rewrites the file whose bytes change; the others keep their time.
	writeFile(t, dir, "pipeline.hcl", strings.Replace(helloSpec, "echo hello", "echo bye", 1))
	r = pipec(t, "generate", spec)
	if r.code != 0 {
		t.Fatalf("want exit 0, got %v", r)
	}
	after := snapshot(t, dir)
	for _, f := range outs {
		// Every output's header carries the spec's digest, so each one changes.
		if after[f] == before[f] || !strings.Contains(r.stderr, "wrote "+filepath.Join(dir, filepath.FromSlash(f))) {
			t.Errorf("%s was not rewritten: %v", f, r)
		}
	}
	if got := files(t, dir); len(got) != 5 {
		t.Errorf("want the spec and four files (no temporary file left), got %q", got)
	}
}

// A file in the way that pipec did not generate is refused, naming the file and --force;
// nothing at all is written then, not even the files that could be. --force overwrites.
func TestGenerateRefusesForeignFiles(t *testing.T) {
	dir := t.TempDir()
	spec := writeFile(t, dir, "pipeline.hcl", helloSpec)
	mine := "# my own GitLab pipeline\nbuild:\n  script: make\n"
	gitlab := writeFile(t, dir, ".gitlab-ci.yml", mine)
	r := pipec(t, "generate", spec)
	if r.code != exitUsage {
		t.Fatalf("want exit 2, got %v", r)
	}
	if !strings.Contains(r.stderr, gitlab+" exists and pipec did not generate it") || !strings.Contains(r.stderr, "--force") {
		t.Errorf("want an error naming the file and --force, got %v", r)
	}
	if got := files(t, dir); !slices.Equal(got, []string{".gitlab-ci.yml", "pipeline.hcl"}) {
		t.Errorf("files written although one was refused: %q", got)
	}
	if readFile(t, gitlab) != mine {
		t.Error("the refused file changed")
	}
	// --check shows the difference all the same, and writes nothing.
	r = pipec(t, "generate", spec, "--check", "-t", "gitlab")
	if r.code != exitSpec || !strings.Contains(r.stdout, "-# my own GitLab pipeline\n") {
		t.Errorf("--check: want exit 1 and a diff removing the file's lines, got %v", r)
	}

	r = pipec(t, "generate", spec, "--force")
	if r.code != 0 || !strings.Contains(r.stderr, "wrote "+gitlab) {
		t.Fatalf("--force: want exit 0 and the file written, got %v", r)
	}
	if !strings.HasPrefix(readFile(t, gitlab), "# generated by pipec from pipeline.hcl (sha256:") {
		t.Errorf("--force did not write the generated file:\n%s", readFile(t, gitlab))
	}

	// A file with the header of an older pipec is pipec's: replaced without --force.
	writeFile(t, dir, ".gitlab-ci.yml", "# generated by pipec, do not edit\n# source: pipeline.hcl\nold: true\n")
	if r := pipec(t, "generate", spec, "-t", "gitlab"); r.code != 0 || !strings.Contains(r.stderr, "wrote "+gitlab) {
		t.Errorf("an older pipec's file: want it replaced, got %v", r)
	}
}

func TestGenerateCheck(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	writeFile(t, dir, "svc/pipeline.hcl", helloSpec)
	// Missing files are stale: each is diffed against nothing, and nothing is written.
	r := pipec(t, "generate", "svc/pipeline.hcl", "--check", "-t", "github,gitlab")
	if r.code != exitSpec {
		t.Fatalf("want exit 1, got %v", r)
	}
	for _, p := range []string{"svc/.github/workflows/hello.yml", "svc/.gitlab-ci.yml"} {
		if !strings.Contains(r.stdout, "--- a/"+p+"\n+++ b/"+p+"\n@@ -0,0 +1,") {
			t.Errorf("want a diff of %s against nothing, got %v", p, r)
		}
	}
	if !strings.Contains(r.stderr, "pipec: 2 files out of date; to update, run: pipec generate svc/pipeline.hcl -t github,gitlab\n") {
		t.Errorf("want a line counting the stale files, got %v", r)
	}
	if got := files(t, dir); !slices.Equal(got, []string{"svc/pipeline.hcl"}) {
		t.Errorf("--check wrote files: %q", got)
	}

	if r := pipec(t, "generate", "svc/pipeline.hcl", "-q"); r.code != 0 {
		t.Fatalf("want exit 0, got %v", r)
	}
	before := snapshot(t, dir)
	r = pipec(t, "generate", "svc/pipeline.hcl", "--check")
	if r.code != 0 || r.stdout != "" || r.stderr != "" {
		t.Errorf("up to date: want a silent exit 0, got %v", r)
	}

	// A hand edit of a generated file shows as a hunk that puts the line back.
	wf := filepath.Join(dir, "svc", ".github", "workflows", "hello.yml")
	writeFile(t, dir, "svc/.github/workflows/hello.yml", strings.Replace(readFile(t, wf), "echo hello", "echo HELLO", 1))
	before = snapshot(t, dir)
	r = pipec(t, "generate", "svc/pipeline.hcl", "--check")
	if r.code != exitSpec {
		t.Fatalf("want exit 1, got %v", r)
	}
	hunk := regexp.MustCompile(`(?m)^--- a/svc/\.github/workflows/hello\.yml\n\+\+\+ b/svc/\.github/workflows/hello\.yml\n@@ -\d+,\d+ \+\d+,\d+ @@\n(?: .*\n)+-.*echo HELLO\n\+.*echo hello\n(?: .*\n)*$`)
	if !hunk.MatchString(r.stdout) {
		t.Errorf("want one hunk putting the line back, got %v", r)
	}
	if after := snapshot(t, dir); !sameSnapshot(before, after) {
		t.Error("--check changed files")
	}
	// From elsewhere the paths are relative to the output directory: never absolute.
	t.Chdir(t.TempDir())
	r = pipec(t, "generate", filepath.Join(dir, "svc", "pipeline.hcl"), "--check")
	if r.code != exitSpec || !strings.Contains(r.stdout, "--- a/.github/workflows/hello.yml\n") || strings.Contains(r.stdout, dir) {
		t.Errorf("outside the current directory: want paths relative to the output directory, got %v", r)
	}
}

// hello returns helloSpec with another pipeline name.
func hello(name string) string {
	return strings.Replace(helloSpec, `pipeline "hello"`, `pipeline "`+name+`"`, 1)
}

// multiTree writes specs in several directories, one in a directory that holds two
// formats, and some that ./... must skip.
func multiTree(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	writeFile(t, dir, "pipeline.hcl", hello("root"))
	writeFile(t, dir, "svc/api/pipeline.hcl", hello("api"))
	writeFile(t, dir, "svc/api/pipeline.yaml", "not: read\n") // the .hcl is this directory's spec
	writeFile(t, dir, "svc/web/pipeline.json", `{"pipeline": {"web": {"on": {"push": {"branches": ["main"]}}, "stage": {"build": {"step": {"greet": {"run": "echo hello"}}}}}}}`)
	writeFile(t, dir, "svc/worker/pipeline.cue", "pipeline: worker: {\n\ton: push: branches: [\"main\"]\n\tstage: build: step: greet: run: \"echo hello\"\n}\n")
	for _, skipped := range []string{"testdata", "vendor", "node_modules", ".git", "_old"} {
		writeFile(t, dir, skipped+"/pipeline.hcl", "this is not a spec")
	}
	return dir
}

func TestGenerateAllBelow(t *testing.T) {
	dir := multiTree(t)
	t.Chdir(dir)
	r := pipec(t, "generate", "./...", "-t", "github", "-v")
	if r.code != 0 {
		t.Fatalf("want exit 0, got %v", r)
	}
	want := []string{
		".github/workflows/root.yml",
		"svc/api/.github/workflows/api.yml",
		"svc/web/.github/workflows/web.yml",
		"svc/worker/.github/workflows/worker.yml",
	}
	var wrote []string
	for _, l := range strings.Split(r.stderr, "\n") {
		if p, ok := strings.CutPrefix(l, "wrote "); ok {
			wrote = append(wrote, filepath.ToSlash(p))
		}
	}
	if !slices.Equal(wrote, want) {
		t.Errorf("want the files written in the specs' order %q, got %q\n%v", want, wrote, r)
	}
	if !strings.Contains(r.stderr, "pipec: skipped "+filepath.Join("svc", "api", "pipeline.yaml")+": pipeline.hcl is the spec of its directory\n") {
		t.Errorf("--verbose does not say which spec it passed over: %v", r)
	}
	for _, p := range []string{"pipeline.hcl", "svc/api/pipeline.hcl", "svc/web/pipeline.json", "svc/worker/pipeline.cue"} {
		if !regexp.MustCompile(`(?m)^pipec: read ` + regexp.QuoteMeta(p) + ` \(\d+ bytes\)$`).MatchString(r.stderr) {
			t.Errorf("--verbose does not say it read %s: %v", p, r)
		}
		if !regexp.MustCompile(`(?m)^pipec: ` + regexp.QuoteMeta(filepath.FromSlash(p)) + `: read \S+, parse \S+, compile \S+, emit \S+$`).MatchString(r.stderr) {
			t.Errorf("--verbose gives no timings for %s: %v", p, r)
		}
	}
	if got := readFile(t, "svc/web/.github/workflows/web.yml"); !strings.HasPrefix(got, "# generated by pipec from pipeline.json (sha256:") {
		t.Errorf("the header names the spec relative to its own directory:\n%s", got)
	}
	// DIR/... is the specs below DIR only.
	r = pipec(t, "generate", "svc/...", "--check", "-t", "github")
	if r.code != 0 || r.stdout != "" {
		t.Errorf("svc/...: want everything up to date, got %v", r)
	}
	// The same spec named twice is compiled once.
	if r := pipec(t, "generate", "./...", "pipeline.hcl", "./pipeline.hcl", "--check", "-t", "github"); r.code != 0 {
		t.Errorf("a spec named twice: want exit 0, got %v", r)
	}
}

// Several specs are compiled in parallel, and what pipec prints does not depend on it: a
// run with one worker prints the same bytes as one with many.
func TestGenerateParallelMatchesSequential(t *testing.T) {
	dir := multiTree(t)
	// A broken spec and one with warnings among them, so there are diagnostics to order.
	writeFile(t, dir, "svc/broken/pipeline.hcl", strings.Replace(hello("broken"), `stage "build" {`, "stage \"build\" {\n    needs = [\"biuld\"]", 1))
	writeFile(t, dir, "svc/warn/pipeline.hcl", strings.Replace(warnSpec, `"hello"`, `"warn"`, 1))
	t.Chdir(dir)
	for _, args := range [][]string{
		{"generate", "./...", "--check"},
		{"generate", "svc/api/pipeline.hcl", "svc/web/pipeline.json", "svc/worker/pipeline.cue", "--check"},
		{"generate", "./...", "--stdout"},
		{"lint", "./...", "-t", "github"},
		{"lint", "./...", "--format", "json"},
	} {
		seq := pipecIn(t, console{workers: 1}, args...)
		for _, workers := range []int{2, 8} {
			par := pipecIn(t, console{workers: workers}, args...)
			if par.String() != seq.String() {
				t.Errorf("%q: %d workers differ from one:\n%s\n----- one worker:\n%s", args, workers, par, seq)
			}
		}
		if seq.stdout == "" && seq.stderr == "" {
			t.Errorf("%q printed nothing", args)
		}
	}
	if got := files(t, filepath.Join(dir, "svc")); slices.ContainsFunc(got, func(f string) bool { return strings.HasSuffix(f, ".yml") }) {
		t.Errorf("a run with a broken spec wrote files: %q", got)
	}
}

// Two specs writing one file is an error that names both, and nothing is written.
func TestGenerateCollision(t *testing.T) {
	dir := t.TempDir()
	a := writeFile(t, dir, "a/pipeline.hcl", hello("a"))
	b := writeFile(t, dir, "b/pipeline.hcl", hello("b"))
	out := filepath.Join(dir, "out")
	r := pipec(t, "generate", a, b, "--out", out)
	if r.code != exitUsage {
		t.Fatalf("want exit 2, got %v", r)
	}
	if !strings.Contains(r.stderr, a+" and "+b+" would both write "+filepath.Join(out, ".gitlab-ci.yml")) {
		t.Errorf("want an error naming both specs and the file, got %v", r)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("files written despite the collision")
	}
	// Each its own GitHub workflow: no collision.
	if r := pipec(t, "generate", a, b, "--out", out, "-t", "github"); r.code != 0 {
		t.Errorf("distinct workflows: want exit 0, got %v", r)
	}
}

// An error in one spec stops every spec from being written.
func TestGenerateErrorWritesNothing(t *testing.T) {
	dir := t.TempDir()
	good := writeFile(t, dir, "good/pipeline.hcl", hello("good"))
	bad := writeFile(t, dir, "bad/pipeline.hcl", "pipeline \"bad\" {\n")
	r := pipec(t, "generate", good, bad)
	if r.code != exitSpec || !strings.Contains(r.stderr, "bad/pipeline.hcl:") {
		t.Fatalf("want exit 1 with the bad spec's diagnostic, got %v", r)
	}
	if got := files(t, dir); !slices.Equal(got, []string{"bad/pipeline.hcl", "good/pipeline.hcl"}) {
		t.Errorf("files written although a spec has an error: %q", got)
	}
}

// warnSpec compiles with a warning (CircleCI has no timeouts) and lints with another (an
// unused secret).
var warnSpec = strings.Replace(helloSpec, `stage "build" {`, "secret \"unused\" {}\n  stage \"build\" {\n    timeout = \"10m\"", 1)

func TestColor(t *testing.T) {
	dir := t.TempDir()
	spec := writeFile(t, dir, "pipeline.hcl", warnSpec)
	terminal := func(io.Writer) bool { return true }
	env := func(vars map[string]string) func(string) string { return func(k string) string { return vars[k] } }
	yellow := "\x1b[33mwarning\x1b[0m"
	cases := []struct {
		name  string
		c     console
		args  []string
		color bool
	}{
		{"auto, terminal", console{isTerminal: terminal}, nil, true},
		{"auto, not a terminal", console{}, nil, false},
		{"auto, NO_COLOR", console{isTerminal: terminal, getenv: env(map[string]string{"NO_COLOR": "1"})}, nil, false},
		{"auto, empty NO_COLOR", console{isTerminal: terminal, getenv: env(map[string]string{"NO_COLOR": ""})}, nil, true},
		{"auto, dumb terminal", console{isTerminal: terminal, getenv: env(map[string]string{"TERM": "dumb"})}, nil, false},
		{"never", console{isTerminal: terminal}, []string{"--color", "never"}, false},
		{"always", console{}, []string{"--color=always"}, true},
		{"always beats NO_COLOR", console{getenv: env(map[string]string{"NO_COLOR": "1"})}, []string{"--color", "always"}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := pipecIn(t, c.c, append([]string{"lint", spec, "-t", "github"}, c.args...)...)
			if got := strings.Contains(r.stdout, yellow); got != c.color || !strings.Contains(r.stdout, "warning") {
				t.Errorf("lint: want colour %v, got %v", c.color, r)
			}
			r = pipecIn(t, c.c, append([]string{"generate", spec, "--check", "-t", "github,circleci"}, c.args...)...)
			if got := strings.Contains(r.stderr, yellow); got != c.color {
				t.Errorf("generate diagnostics: want colour %v, got %v", c.color, r)
			}
			if got := strings.Contains(r.stdout, "\x1b[32m+name: hello\x1b[0m\n"); got != c.color || !strings.Contains(r.stdout, "name: hello") {
				t.Errorf("--check diff: want colour %v, got %v", c.color, r)
			}
			if !c.color && strings.Contains(r.stdout+r.stderr, "\x1b") {
				t.Errorf("colour codes without colour: %q", r.stdout+r.stderr)
			}
		})
	}
}

func TestQuiet(t *testing.T) {
	dir := t.TempDir()
	spec := writeFile(t, dir, "pipeline.hcl", lintSpecSrc)
	// lint: only the findings that reach --fail-on, no summary.
	r := pipec(t, "lint", spec, "-t", "github", "--quiet")
	if r.code != exitSpec || !strings.Contains(r.stdout, "[deploy-from-pull-request]") || strings.Contains(r.stdout, "[unused-secret]") || r.stderr != "" {
		t.Errorf("lint --quiet: want the error only and exit 1, got %v", r)
	}
	r = pipec(t, "lint", spec, "-t", "github", "--quiet", "--fail-on", "warning", "--format", "json")
	if got := strings.Join(codes(t, r.stdout), ","); r.code != exitSpec || got != "unused-secret,deploy-from-pull-request" {
		t.Errorf("lint --quiet --fail-on warning: want both findings, got %s %v", got, r)
	}
	// generate: warnings and "wrote" lines go; errors stay.
	warn := writeFile(t, dir, "w/pipeline.hcl", warnSpec)
	if r := pipec(t, "generate", warn); r.code != 0 || !strings.Contains(r.stderr, "warning:") || !strings.Contains(r.stderr, "wrote ") {
		t.Fatalf("without --quiet: want the warning and wrote lines, got %v", r)
	}
	if r := pipec(t, "generate", warn, "-q", "--force"); r.code != 0 || r.stderr != "" || r.stdout != "" {
		t.Errorf("generate -q: want silence, got %v", r)
	}
	bad := writeFile(t, dir, "b/pipeline.hcl", "pipeline \"bad\" {\n")
	if r := pipec(t, "generate", bad, "--quiet"); r.code != exitSpec || !strings.Contains(r.stderr, "error:") || !strings.Contains(r.stderr, "pipec: 1 error\n") {
		t.Errorf("generate --quiet: errors must still show, got %v", r)
	}
}

func TestLintSeveralSpecs(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	writeFile(t, dir, "a/pipeline.hcl", lintSpecSrc)
	writeFile(t, dir, "b/pipeline.hcl", lintSpecSrc)
	r := pipec(t, "lint", "./...", "-t", "github", "--format", "json", "-v")
	if got := strings.Join(codes(t, r.stdout), ","); r.code != exitSpec || got != "unused-secret,deploy-from-pull-request,unused-secret,deploy-from-pull-request" {
		t.Errorf("want both specs' findings, a's first, got %s %v", got, r)
	}
	if !strings.Contains(r.stderr, "pipec: read a/pipeline.hcl (") || !regexp.MustCompile(`(?m)^pipec: b/pipeline.hcl: read \S+, parse \S+, compile \S+, emit \S+, lint \S+$`).MatchString(r.stderr) {
		t.Errorf("lint -v: want the files read and timings, got %v", r)
	}
	if i, j := strings.Index(r.stdout, `"file": "a/pipeline.hcl"`), strings.Index(r.stdout, `"file": "b/pipeline.hcl"`); i < 0 || j < i {
		t.Errorf("want a's findings before b's, got %v", r)
	}
}

// A spec below the root of its git repository writes, by default, beside itself: GitHub
// never runs svc/.github/workflows/hello.yml and CircleCI never reads
// svc/.circleci/config.yml. generate warns at the pipeline's name and says how to write
// them at the root; the files it writes there, or with --out, draw no warning.
func TestGenerateWarnsOfUnreadLocations(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if err := os.Mkdir(filepath.Join(dir, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, "svc/pipeline.hcl", helloSpec)
	r := pipec(t, "generate", "svc/pipeline.hcl")
	for _, want := range []string{
		"svc/pipeline.hcl:1:10: warning: GitHub never reads " + filepath.Join("svc", ".github", "workflows", "hello.yml") + ": it reads .github/workflows/hello.yml only at the repository's root, . [output-location]",
		"svc/pipeline.hcl:1:10: warning: CircleCI never reads " + filepath.Join("svc", ".circleci", "config.yml") + ": it reads .circleci/config.yml only at the repository's root, . [output-location]",
		"write it at the root with --out . (and --target",
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("want %q, got %v", want, r)
		}
	}
	if r.code != exitOK || strings.Contains(r.stderr, "GitLab never") || strings.Contains(r.stderr, "Azure") && strings.Contains(r.stderr, "never reads") {
		t.Errorf("want exit 0 and no warning for GitLab or Azure, got %v", r)
	}
	for _, args := range [][]string{
		{"generate", "--out", ".", "-t", "github", "svc/pipeline.hcl"},
		{"generate", "--stdout", "svc/pipeline.hcl"},
	} {
		if r := pipec(t, args...); r.code != exitOK || strings.Contains(r.stderr, "output-location") {
			t.Errorf("pipec %q: want no output-location warning, got %v", args, r)
		}
	}
	writeFile(t, dir, "pipeline.hcl", helloSpec)
	if r := pipec(t, "generate", "-t", "github,circleci", "pipeline.hcl"); r.code != exitOK || strings.Contains(r.stderr, "output-location") {
		t.Errorf("a spec at the root: want no output-location warning, got %v", r)
	}
}
