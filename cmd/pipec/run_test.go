package main

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/pipec-dev/pipec/compile/diag"
)

// The tests drive run in-process, end to end: the HCL front end, the compiler and every
// back end take part.

const helloSpec = `pipeline "hello" {
  on {
    push {
      branches = ["main"]
    }
  }

  stage "build" {
    step "greet" {
      run = "echo hello"
    }
  }
}
`

// helloOut is where generate writes the hello spec's GitHub workflow, relative to --out.
const helloOut = ".github/workflows/hello.yml"

type result struct {
	code           int
	stdout, stderr string
}

func pipec(t *testing.T, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(args, &stdout, &stderr)
	return result{code, stdout.String(), stderr.String()}
}

func (r result) String() string {
	return fmt.Sprintf("exit %d\n--- stdout:\n%s--- stderr:\n%s", r.code, r.stdout, r.stderr)
}

// writeSpec writes a spec into a new temporary directory and returns its path.
func writeSpec(t *testing.T, name, src string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// files lists every file under dir, slash-separated and relative to dir.
func files(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestGenerateOut(t *testing.T) {
	spec := writeSpec(t, "pipeline.hcl", helloSpec)
	out := t.TempDir()
	r := pipec(t, "generate", spec, "--out", out)
	if r.code != 0 {
		t.Fatalf("want exit 0, got %v", r)
	}
	if got := files(t, out); !slices.Equal(got, []string{".circleci/config.yml", helloOut, ".gitlab-ci.yml", "azure-pipelines.yml"}) {
		t.Fatalf("want .circleci/config.yml, %s, .gitlab-ci.yml and azure-pipelines.yml under --out, got %q", helloOut, got)
	}
	dst := filepath.Join(out, filepath.FromSlash(helloOut))
	data, err := os.ReadFile(dst)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "jobs:") || !strings.Contains(string(data), "echo hello") {
		t.Errorf("the workflow has no jobs or misses the step:\n%s", data)
	}
	if !strings.Contains(r.stderr, "wrote "+dst+"\n") {
		t.Errorf("want a %q line on stderr, got %v", "wrote "+dst, r)
	}
	if r.stdout != "" {
		t.Errorf("want nothing on stdout, got %v", r)
	}
	// The spec's directory is untouched when --out is given.
	if got := files(t, filepath.Dir(spec)); !slices.Equal(got, []string{"pipeline.hcl"}) {
		t.Errorf("the spec's directory changed: %q", got)
	}

	// Again: same bytes, file replaced, --quiet prints nothing.
	r = pipec(t, "generate", "--quiet", "--out", out, spec)
	if r.code != 0 || r.stderr != "" || r.stdout != "" {
		t.Fatalf("want a silent exit 0 with --quiet, got %v", r)
	}
	again, err := os.ReadFile(dst)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data, again) {
		t.Errorf("two runs gave different bytes:\n%s\n---\n%s", data, again)
	}
	if got := files(t, out); !slices.Equal(got, []string{".circleci/config.yml", helloOut, ".gitlab-ci.yml", "azure-pipelines.yml"}) {
		t.Errorf("a second run left extra files: %q", got)
	}
}

func TestGenerateDefaultOutIsSpecDir(t *testing.T) {
	spec := writeSpec(t, "ci.hcl", helloSpec)
	r := pipec(t, "generate", spec, "--target", "github")
	if r.code != 0 {
		t.Fatalf("want exit 0, got %v", r)
	}
	if got := files(t, filepath.Dir(spec)); !slices.Equal(got, []string{helloOut, "ci.hcl"}) {
		t.Errorf("want the workflow beside the spec, got %q", got)
	}
}

func TestGenerateDefaultFile(t *testing.T) {
	spec := writeSpec(t, "pipeline.hcl", helloSpec)
	t.Chdir(filepath.Dir(spec))
	r := pipec(t, "generate")
	if r.code != 0 {
		t.Fatalf("want exit 0, got %v", r)
	}
	if !strings.Contains(r.stderr, "wrote "+filepath.FromSlash(helloOut)) {
		t.Errorf("want a relative wrote line, got %v", r)
	}
	if _, err := os.Stat(filepath.FromSlash(helloOut)); err != nil {
		t.Error(err)
	}
}

func TestGenerateStdout(t *testing.T) {
	spec := writeSpec(t, "pipeline.hcl", helloSpec)
	// Written beside the spec, the default --stdout shows: the header names the spec
	// relative to the output directory.
	out := filepath.Dir(spec)
	if r := pipec(t, "generate", spec, "-q"); r.code != 0 {
		t.Fatalf("want exit 0, got %v", r)
	}
	written, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(helloOut)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files(t, out) {
		if f != "pipeline.hcl" {
			if err := os.Remove(filepath.Join(out, filepath.FromSlash(f))); err != nil {
				t.Fatal(err)
			}
		}
	}
	r := pipec(t, "generate", spec, "--stdout", "--target", "github")
	if r.code != 0 {
		t.Fatalf("want exit 0, got %v", r)
	}
	if r.stdout != string(written) {
		t.Errorf("--stdout differs from the written file:\n%s\n---\n%s", r.stdout, written)
	}
	if strings.Contains(r.stderr, "wrote") {
		t.Errorf("--stdout must not write files: %v", r)
	}
	// With several targets each file follows a line naming it.
	all := pipec(t, "generate", spec, "--stdout")
	if all.code != 0 || !strings.Contains(all.stdout, "# ==> "+helloOut+" <==\n"+string(written)) || !strings.Contains(all.stdout, "# ==> .gitlab-ci.yml <==\n") {
		t.Errorf("--stdout with every target:\n%s", all.stdout)
	}
	if got := files(t, filepath.Dir(spec)); !slices.Equal(got, []string{"pipeline.hcl"}) {
		t.Errorf("--stdout wrote files: %q", got)
	}
}

// The example the README runs: every feature of the language in one spec.
func TestGenerateExample(t *testing.T) {
	spec := filepath.Join("..", "..", "testdata", "example-shop-api", "pipeline.hcl")
	r := pipec(t, "generate", spec, "--stdout")
	if r.code != 0 {
		t.Fatalf("want exit 0, got %v", r)
	}
	if !strings.Contains(r.stdout, "jobs:") {
		t.Errorf("no jobs in the output:\n%s", r.stdout)
	}
}

var diagLine = regexp.MustCompile(`^\S*pipeline\.hcl:\d+:\d+: error: .+ \[[a-z0-9/-]+\]$`)

func TestGenerateSpecErrors(t *testing.T) {
	cases := map[string]string{
		"syntax":        "pipeline \"hello\" {\n  stage \"build\" {\n    step \"x\" {\n      run = \"echo\"\n",
		"unknown need":  strings.Replace(helloSpec, `stage "build" {`, "stage \"build\" {\n    needs = [\"biuld\"]", 1),
		"empty":         "",
		"two pipelines": helloSpec + strings.Replace(helloSpec, "hello", "other", 1),
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) {
			spec := writeSpec(t, "pipeline.hcl", src)
			out := t.TempDir()
			r := pipec(t, "generate", spec, "--out", out)
			if r.code != 1 {
				t.Fatalf("want exit 1, got %v", r)
			}
			if got := files(t, out); len(got) != 0 {
				t.Errorf("files written for a broken spec: %q", got)
			}
			if r.stdout != "" {
				t.Errorf("want nothing on stdout, got %v", r)
			}
			lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
			if !diagLine.MatchString(lines[0]) {
				t.Errorf("first line is not FILE:LINE:COL: error: ... [code]: %v", r)
			}
			if last := lines[len(lines)-1]; !regexp.MustCompile(`^pipec: \d+ errors?(, \d+ warnings?)?$`).MatchString(last) {
				t.Errorf("want a summary line last, got %q", last)
			}
			if name != "empty" && !strings.Contains(r.stderr, " | ") {
				t.Errorf("want a source line with a marker, got %v", r)
			}
		})
	}
}

func TestGenerateUsageErrors(t *testing.T) {
	spec := writeSpec(t, "pipeline.hcl", helloSpec)
	dir := filepath.Dir(spec)
	toml := writeSpec(t, "pipeline.toml", "[pipeline]\n")
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"no arguments", nil, "Usage:"},
		{"unknown command", []string{"generat"}, `unknown command "generat"; did you mean "generate"?`},
		{"unknown flag before command", []string{"--frobnicate"}, "unknown flag"},
		{"unknown flag", []string{"generate", spec, "--frobnicate"}, "unknown flag: --frobnicate"},
		{"unknown target", []string{"generate", spec, "--target", "githb"}, `unknown target "githb"; did you mean "github"?`},
		{"unknown target in a list", []string{"generate", spec, "--target", "github,azur"}, `unknown target "azur"; did you mean "azure"?`},
		{"empty target", []string{"generate", spec, "--target", ""}, "empty --target"},
		{"missing file", []string{"generate", filepath.Join(dir, "nope.hcl")}, "no such file"},
		{"directory", []string{"generate", filepath.Join(dir, "d.hcl")}, "d.hcl"},
		{"pattern matching nothing", []string{"generate", filepath.Join(t.TempDir(), "...")}, "matched no spec"},
		{"quiet and verbose", []string{"generate", spec, "-q", "-v"}, "--quiet and --verbose cannot be used together"},
		{"unknown color", []string{"generate", spec, "--color", "sometimes"}, `unknown --color "sometimes"; give auto, always, never`},
		{"check and stdout", []string{"generate", spec, "--check", "--stdout"}, "--check and --stdout"},
		{"check and force", []string{"generate", spec, "--check", "--force"}, "--force has no use"},
		{"toml spec", []string{"generate", toml}, "unsupported spec format (\".toml\"); supported: .hcl, .cue, .json, .yaml, .yml"},
		{"no extension", []string{"generate", filepath.Join(dir, "Pipelinefile")}, "unsupported spec format (no extension)"},
		{"out and stdout", []string{"generate", spec, "--stdout", "--out", dir}, "--out and --stdout"},
		{"out is a file", []string{"generate", spec, "--out", spec}, "pipeline.hcl"},
		{"version argument", []string{"version", "x"}, "unexpected argument"},
		{"help unknown", []string{"help", "frob"}, `unknown command "frob"`},
	}
	if err := os.Mkdir(filepath.Join(dir, "d.hcl"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := pipec(t, c.args...)
			if r.code != 2 {
				t.Fatalf("want exit 2, got %v", r)
			}
			if !strings.Contains(r.stderr, c.want) {
				t.Errorf("want %q on stderr, got %v", c.want, r)
			}
			if r.stdout != "" {
				t.Errorf("want nothing on stdout, got %v", r)
			}
			if got := files(t, dir); !slices.Equal(got, []string{"pipeline.hcl"}) {
				t.Errorf("files written on a usage error: %q", got)
			}
		})
	}
}

// A misspelt flag, or a misspelt value of a flag that takes one of a few, is answered
// with what was meant, in every command, as a misspelt command is.
func TestFlagTyposSuggest(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"--verison"}, "unknown flag --verison before a command; did you mean --version?"},
		{[]string{"generate", "--chek"}, "pipec generate: unknown flag: --chek; did you mean --check?"},
		{[]string{"generate", "--stdot=1"}, "unknown flag: --stdot; did you mean --stdout?"},
		{[]string{"generate", "--color", "alway"}, `unknown --color "alway"; give auto, always, never: did you mean "always"?`},
		{[]string{"lint", "--formt", "json"}, "pipec lint: unknown flag: --formt; did you mean --format?"},
		{[]string{"lint", "--format", "jsn"}, `unknown --format "jsn"; give text, json, sarif, github, gitlab: did you mean "json"?`},
		{[]string{"lint", "--fail-on", "ERROR"}, `unknown --fail-on "ERROR"; give error, warning, info: did you mean "error"?`},
		{[]string{"fmt", "--chek"}, "pipec fmt: unknown flag: --chek; did you mean --check?"},
		{[]string{"graph", "--formt", "dot"}, "pipec graph: unknown flag: --formt; did you mean --format?"},
		{[]string{"graph", "--format", "mermid"}, `did you mean "mermaid"?`},
		{[]string{"init", "--forse"}, "pipec init: unknown flag: --forse; did you mean --force?"},
		{[]string{"explain", "--lst"}, "pipec explain: unknown flag: --lst; did you mean --list?"},
		{[]string{"schema", "--format", "jsn"}, `did you mean "json"?`},
		{[]string{"version", "--hlp"}, "pipec version: unknown flag: --hlp; did you mean --help?"},
		{[]string{"completion", "--hepl"}, "did you mean --help?"},
		{[]string{"generate", "--frobnicate"}, "pipec generate: unknown flag: --frobnicate\n"},
	}
	for _, c := range cases {
		r := pipec(t, c.args...)
		if r.code != exitUsage || !strings.Contains(r.stderr, c.want) {
			t.Errorf("pipec %q: want exit 2 and %q, got %v", c.args, c.want, r)
		}
	}
}

func TestGenerateMissingDefaultFile(t *testing.T) {
	t.Chdir(t.TempDir())
	for _, cmd := range []string{"generate", "lint", "fmt", "graph"} {
		r := pipec(t, cmd)
		want := "pipec: no spec in the current directory (none of pipeline.hcl, pipeline.cue, pipeline.yaml, pipeline.yml, pipeline.json): give the spec's path, pipec " + cmd + " FILE, or write one with pipec init\n"
		if r.code != 2 || r.stderr != want {
			t.Errorf("%s: want exit 2 and %q, got %v", cmd, want, r)
		}
	}
}

func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--version"}} {
		r := pipec(t, args...)
		if r.code != 0 || !regexp.MustCompile(`^pipec \S+\n$`).MatchString(r.stdout) || r.stderr != "" {
			t.Errorf("%q: want `pipec VERSION`, got %v", args, r)
		}
	}
}

func TestHelp(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"--help"}, "pipec generate [FILE...]"},
		{[]string{"-h"}, "pipec generate [FILE...]"},
		{[]string{"help"}, "pipec generate [FILE...]"},
		{[]string{"help", "generate"}, "--target"},
		{[]string{"generate", "--help"}, "--target"},
		{[]string{"generate", "-h"}, "--stdout"},
		{[]string{"version", "--help"}, "pipec version"},
		{[]string{"help", "version"}, "pipec version"},
		{[]string{"help", "completion"}, "pipec completion bash|zsh|fish"},
		{[]string{"help", "lint"}, "--quiet"},
		{[]string{"help", "generate"}, "--check"},
		{[]string{"help"}, "pipec completion bash|zsh|fish"},
		{[]string{"explain", "--help"}, "pipec explain --list"},
	}
	for _, c := range cases {
		r := pipec(t, c.args...)
		if r.code != 0 || !strings.Contains(r.stdout, c.want) || r.stderr != "" {
			t.Errorf("%q: want exit 0 and %q on stdout, got %v", c.args, c.want, r)
		}
	}
}

// No input crashes pipec: every prefix of the example spec, and a few kinds of garbage,
// end in exit 0 or 1, never in an internal error, and a failing run writes nothing.
func TestGenerateNeverCrashes(t *testing.T) {
	example, err := os.ReadFile(filepath.Join("..", "..", "testdata", "example-shop-api", "pipeline.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	inputs := []string{
		"\x00\xff\xfe", "{{{{", "}", "pipeline {", `pipeline "" {}`, `pipeline "x" {}`,
		"pipeline \"x\" {\n  stage \"a\" { needs = [\"a\"] }\n}\n",
		"pipeline \"x\" {\n  stage \"a\" { step \"s\" { run = \"${\" } }\n}\n",
		"pipeline \"x\" {\n  stage \"a\" { when = ci.branch == }\n}\n",
		"pipeline \"../../../escape\" {\n  stage \"a\" { step \"s\" { run = \"true\" } }\n}\n",
		strings.Repeat("pipeline \"x\" {\n", 200),
	}
	for i := 0; i < len(example); {
		j := bytes.IndexByte(example[i:], '\n')
		if j < 0 {
			break
		}
		i += j + 1
		inputs = append(inputs, string(example[:i]))
		inputs = append(inputs, string(example[:i-j/2-1])) // mid-line too
	}
	dir := t.TempDir()
	spec := filepath.Join(dir, "pipeline.hcl")
	out := filepath.Join(dir, "out")
	for _, in := range inputs {
		if err := os.WriteFile(spec, []byte(in), 0o644); err != nil {
			t.Fatal(err)
		}
		os.RemoveAll(out)
		r := pipec(t, "generate", spec, "--out", out, "-q")
		if r.code != 0 && r.code != 1 || strings.Contains(r.stderr, "internal error") {
			t.Fatalf("input %q:\nwant exit 0 or 1, got %v", in, r)
		}
		if r.code == 1 {
			if _, err := os.Stat(out); err == nil {
				t.Fatalf("input %q: files written on exit 1", in)
			}
		}
	}
}

func TestPrintOutputs(t *testing.T) {
	var b bytes.Buffer
	one := []output{{target: "github", path: ".github/workflows/x.yml", data: []byte("a: 1\n")}}
	if err := printOutputs(&b, one); err != nil || b.String() != "a: 1\n" {
		t.Errorf("one file: want its bytes as is, got %q (%v)", b.String(), err)
	}
	b.Reset()
	two := append(one, output{target: "gitlab", path: ".gitlab-ci.yml", data: []byte("b: 2")})
	want := "# ==> .github/workflows/x.yml <==\na: 1\n# ==> .gitlab-ci.yml <==\nb: 2\n"
	if err := printOutputs(&b, two); err != nil || b.String() != want {
		t.Errorf("two files: want\n%s\ngot\n%s (%v)", want, b.String(), err)
	}
}

// A failure while writing one file leaves no other file and no temporary file behind.
func TestWriteOutputsAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "blocked"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	outs := []output{
		{dst: filepath.Join(dir, "a", "first.yml"), data: []byte("first\n")},
		{dst: filepath.Join(dir, "blocked", "second.yml"), data: []byte("second\n")},
	}
	if _, err := writeOutputs(outs, allMissing(len(outs))); err == nil {
		t.Fatal("want an error when a directory is a file")
	}
	if got := files(t, dir); !slices.Equal(got, []string{"blocked"}) {
		t.Errorf("want nothing written, got %q", got)
	}
	outs[1].dst = filepath.Join(dir, "b", "second.yml")
	paths, err := writeOutputs(outs, allMissing(len(outs)))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) != 2 {
		t.Errorf("want two paths, got %q", paths)
	}
	if got := files(t, dir); !slices.Equal(got, []string{"a/first.yml", "b/second.yml", "blocked"}) {
		t.Errorf("got %q", got)
	}
}

// allMissing is what writeOutputs is told of n destinations that do not exist yet.
func allMissing(n int) []onDisk {
	old := make([]onDisk, n)
	for i := range old {
		old[i].state = missing
	}
	return old
}

// A rename that fails part-way (the temporary files all written) puts back what the
// renames before it replaced, through a symbolic link too, and removes what they
// created: the files are all old, never some new and some old.
func TestWriteOutputsRenameFailsPartWay(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "old.yml", "old\n")
	writeFile(t, dir, "real.yml", "linked old\n")
	if err := os.Symlink("real.yml", filepath.Join(dir, "link.yml")); err != nil {
		t.Fatal(err)
	}
	outs := []output{
		{dst: filepath.Join(dir, "old.yml"), data: []byte("new\n")},
		{dst: filepath.Join(dir, "link.yml"), data: []byte("linked new\n")},
		{dst: filepath.Join(dir, "sub", "created.yml"), data: []byte("created\n")},
		{dst: filepath.Join(dir, "last.yml"), data: []byte("last\n")},
	}
	old := []onDisk{{state: changed, data: []byte("old\n")}, {state: changed, data: []byte("linked old\n")}, {state: missing}, {state: missing}}
	rename = func(from, to string) error {
		if filepath.Base(to) == "last.yml" {
			return errors.New("injected failure")
		}
		return os.Rename(from, to)
	}
	defer func() { rename = os.Rename }()
	paths, err := writeOutputs(outs, old)
	if err == nil || !strings.Contains(err.Error(), "injected failure") || !strings.Contains(err.Error(), "nothing was written") || len(paths) != 0 {
		t.Fatalf("want the rename's error and no path written, got %q, %v", paths, err)
	}
	for f, want := range map[string]string{"old.yml": "old\n", "real.yml": "linked old\n", "link.yml": "linked old\n"} {
		if got := readFile(t, filepath.Join(dir, f)); got != want {
			t.Errorf("%s: want %q back, got %q", f, want, got)
		}
	}
	if fi, err := os.Lstat(filepath.Join(dir, "link.yml")); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("link.yml is no longer a link: %v", err)
	}
	if got := files(t, dir); !slices.Equal(got, []string{"link.yml", "old.yml", "real.yml"}) {
		t.Errorf("want the old files only, no temporary file, got %q", got)
	}
}

// With more files than are written at once and two that fail, the error is the first
// failing file's, in the outputs' order, and nothing is left behind.
func TestWriteOutputsManyFail(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"blocked3", "blocked15"} {
		if err := os.WriteFile(filepath.Join(dir, f), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var outs []output
	for i := range 2*writers + 4 {
		sub := fmt.Sprintf("d%d", i)
		if i == 3 || i == 15 {
			sub = fmt.Sprintf("blocked%d", i)
		}
		outs = append(outs, output{dst: filepath.Join(dir, sub, "f.yml"), data: []byte("x\n")})
	}
	_, err := writeOutputs(outs, allMissing(len(outs)))
	if err == nil || !strings.Contains(err.Error(), "blocked3") {
		t.Fatalf("want the error of the fourth file, got %v", err)
	}
	if got := files(t, dir); !slices.Equal(got, []string{"blocked15", "blocked3"}) {
		t.Errorf("want nothing written, got %q", got)
	}
}

func TestSummary(t *testing.T) {
	var ds diag.Diagnostics
	if s := summary(ds); s != "" {
		t.Errorf("no diagnostics: want no summary, got %q", s)
	}
	ds.Warnf(diag.Range{}, "w", "", "a warning")
	if s := summary(ds); s != "1 warning" {
		t.Errorf("got %q", s)
	}
	ds.Errorf(diag.Range{}, "e", "", "an error")
	ds.Errorf(diag.Range{}, "e", "", "another")
	ds.Warnf(diag.Range{}, "w", "", "another")
	if s := summary(ds); s != "2 errors, 2 warnings" {
		t.Errorf("got %q", s)
	}
}

// The header names the spec relative to the output directory, slash-separated, with the
// digest of its bytes: the same on every machine whatever path the spec was given by.
func TestGenerateHeader(t *testing.T) {
	root := t.TempDir()
	spec := filepath.Join(root, "ci", "pipeline.hcl")
	if err := os.MkdirAll(filepath.Dir(spec), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(spec, []byte(helloSpec), 0o644); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(helloSpec))
	want := fmt.Sprintf("# generated by pipec from ci/pipeline.hcl (sha256:%x); do not edit\n", sum[:8])
	check := func(args ...string) {
		t.Helper()
		if r := pipec(t, args...); r.code != 0 {
			t.Fatalf("want exit 0, got %v", r)
		}
		data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(helloOut)))
		if err != nil {
			t.Fatal(err)
		}
		if first, _, _ := strings.Cut(string(data), "\n"); first+"\n" != want {
			t.Errorf("%q: first line %q, want %q", args, first, want)
		}
	}
	check("generate", spec, "--out", root, "-t", "github")
	t.Chdir(root)
	check("generate", filepath.Join("ci", "pipeline.hcl"), "--out", ".", "-t", "github")
	t.Chdir(filepath.Join(root, "ci"))
	check("generate", "pipeline.hcl", "--out", "..", "-t", "github")
}

// TestGeneratedStagesReportAMistakeOnce: stages a CUE comprehension generates share their
// source, so a mistake in it is found once per stage at the same place. generate, lint and
// graph print it once, and count it once.
func TestGeneratedStagesReportAMistakeOnce(t *testing.T) {
	spec := writeSpec(t, "pipeline.cue", `pipeline: "gen": {
	on: push: branches: ["main"]
	stage: {
		for n in ["api", "web", "db"] {
			"test-\(n)": {
				runner: "linx"
				step: run: run: "make test"
			}
		}
	}
}
`)
	for _, args := range [][]string{
		{"generate", spec, "--stdout"},
		{"lint", spec},
		{"graph", spec},
	} {
		r := pipec(t, args...)
		out := r.stdout + r.stderr
		if n := strings.Count(out, `unknown runner class "linx"`); n != 1 || r.code == 0 {
			t.Errorf("%s: reported %d times, want once, and a failure:\n%s", args[0], n, r)
		}
		if args[0] != "graph" && !strings.Contains(out, "1 error") {
			t.Errorf("%s: want a count of 1 error:\n%s", args[0], r)
		}
	}
}

// TestGenerateReportsBeforeWriting: the diagnostics are rendered while the files are
// written, but stderr still reads in order: each spec's warnings, the summary, then what
// was written.
func TestGenerateReportsBeforeWriting(t *testing.T) {
	spec := writeSpec(t, "pipeline.hcl", `pipeline "warned" {
  on {
    schedule "nightly" { cron = "0 1 * * *" }
  }
  stage "build" {
    step "s" { run = "make" }
  }
}
`)
	out := t.TempDir()
	r := pipec(t, "generate", spec, "-o", out, "--verbose")
	if r.code != 0 {
		t.Fatal(r)
	}
	order := []string{"pipec: read ", "warning: ", "pipec: 3 warnings", "wrote ", "pipec: 4 files written"}
	at := -1
	for _, s := range order {
		i := strings.Index(r.stderr, s)
		if i <= at {
			t.Fatalf("%q is not after %q in stderr:\n%s", s, order[max(0, slices.Index(order, s)-1)], r.stderr)
		}
		at = i
	}
}

// TestDirectoryArgument: a directory where a spec file is expected stands for its spec,
// the one the command run inside it reads, in every command that takes specs, as
// DIR/... stands for every spec below it. A directory without one says so and how to
// name every spec under it, instead of calling it a file with no extension.
func TestDirectoryArgument(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "svc")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	spec := filepath.Join(dir, "pipeline.hcl")
	if err := os.WriteFile(spec, []byte(helloSpec), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"generate", "-t", "github", dir},
		{"generate", "-t", "github", "--check", dir + string(filepath.Separator)},
		{"lint", "-t", "github", dir},
		{"fmt", "--check", dir},
		{"graph", dir},
	} {
		if r := pipec(t, args...); r.code != exitOK {
			t.Errorf("pipec %q: want exit 0:\n%s", args, r)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, ".github", "workflows", "hello.yml")); err != nil {
		t.Errorf("generate DIR did not write the spec's workflow beside it: %v", err)
	}
	empty := filepath.Join(root, "empty")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	want := empty + " holds no spec (pipeline.hcl, pipeline.cue, pipeline.yaml, pipeline.yml, pipeline.json); name the spec file, or " + filepath.ToSlash(empty) + "/... for every spec below it"
	for _, cmd := range []string{"generate", "lint", "fmt", "graph"} {
		r := pipec(t, cmd, empty)
		if r.code != exitUsage || !strings.Contains(r.stderr, want) {
			t.Errorf("%s: want exit %d and %q:\n%s", cmd, exitUsage, want, r)
		}
	}
}

// TestMissingAndEmptyPathsReportedOnce: a cache or artifact without paths is the front
// end's missing attribute, once; with an empty list it is the compiler's "has no paths".
func TestMissingAndEmptyPathsReportedOnce(t *testing.T) {
	for _, c := range []struct{ name, src, want string }{
		{"pipeline.hcl", "pipeline \"p\" {\n  on {\n    push {}\n  }\n  stage \"s\" {\n    cache {\n      key_files = [\"go.sum\"]\n    }\n    artifact \"a\" {}\n    step \"a\" { run = \"make\" }\n  }\n}\n",
			`missing attribute "paths" in cache,missing attribute "paths" in artifact "a"`},
		{"pipeline.hcl", "pipeline \"p\" {\n  on {\n    push {}\n  }\n  stage \"s\" {\n    cache {\n      paths = []\n    }\n    artifact \"a\" {\n      paths = []\n    }\n    step \"a\" { run = \"make\" }\n  }\n}\n",
			`cache has no paths,artifact "a" has no paths`},
		{"pipeline.cue", "pipeline: p: {\n\ton: push: {}\n\tstage: s: {\n\t\tcache: key_files: [\"go.sum\"]\n\t\tartifact: a: {}\n\t\tstep: a: run: \"make\"\n\t}\n}\n",
			`missing attribute "paths" in cache,missing attribute "paths" in artifact "a"`},
		{"pipeline.cue", "pipeline: p: {\n\ton: push: {}\n\tstage: s: {\n\t\tcache: paths: []\n\t\tartifact: a: paths: []\n\t\tstep: a: run: \"make\"\n\t}\n}\n",
			`cache has no paths,artifact "a" has no paths`},
	} {
		r := pipec(t, "generate", writeSpec(t, c.name, c.src), "--stdout")
		var got []string
		for _, l := range strings.Split(r.stderr, "\n") {
			if _, msg, ok := strings.Cut(l, ": error: "); ok {
				got = append(got, strings.TrimSuffix(msg, " [missing-attribute]"))
			}
		}
		if r.code != exitSpec || strings.Join(got, ",") != c.want {
			t.Errorf("%s: got %q, want %q:\n%s", c.name, strings.Join(got, ","), c.want, r)
		}
	}
}

// TestRollbackAfterAllowedFailure: GitHub and GitLab report an allowed failure as success
// to the jobs after it, so a stage's rollback would never run there: one warning per
// target, for a canary's three jobs too; CircleCI and Azure roll back within the job.
func TestRollbackAfterAllowedFailure(t *testing.T) {
	spec := writeSpec(t, "pipeline.hcl", `pipeline "p" {
  on {
    push {}
  }
  environment "production" {}
  stage "deploy" {
    environment   = "production"
    allow_failure = true
    strategy "canary" {
      increments = [10, 50]
    }
    step "d" { run = "./deploy.sh" }
    rollback {
      step "undo" { run = "./undo.sh" }
    }
  }
}
`)
	r := pipec(t, "generate", spec, "--stdout")
	for tg, want := range map[string]int{"github": 1, "gitlab": 1, "circleci": 0, "azure": 0} {
		if n := strings.Count(r.stderr, "["+tg+"/rollback-after-allowed-failure]"); n != want || r.code != 0 {
			t.Errorf("%s: %d warnings, want %d:\n%s", tg, n, want, r)
		}
	}
	if !strings.Contains(r.stderr, `pipeline.hcl:8:21: warning: stage "deploy"'s rollback does not run when the stage fails on GitHub`) {
		t.Errorf("want the GitHub warning at allow_failure's value:\n%s", r.stderr)
	}
}
