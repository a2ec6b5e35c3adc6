package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pipec-dev/pipec/compile"
	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/lang/cue"
	"github.com/pipec-dev/pipec/lang/hcl"
	"github.com/pipec-dev/pipec/targets/all"
)

// initCase is a project layout and what pipec init must make of it.
type initCase struct {
	name  string
	files map[string]string
	found string   // in the "found" line
	want  []string // in the spec
	not   []string // nowhere in the spec
	// oracle: the platforms' validators check this starter too. They take seconds a file
	// (GitLab's most), so only layouts that differ in shape are given to them.
	oracle bool
}

var initCases = []initCase{
	{
		name:  "go",
		files: map[string]string{"go.mod": "module example.com/x\n\ngo 1.24.2\n", "go.sum": ""},
		found: "found Go 1.24 (go.mod)",
		want:  []string{`image = "golang:1.24"`, `run = "go vet ./..."`, `run = "go test ./..."`, `stage "test" {`, "pull_request {}"},
		not:   []string{"stage \"image\""},
	},
	{
		// A release candidate's go line: the go.mod names a version, which is not "no go line".
		name:  "go release candidate",
		files: map[string]string{"go.mod": "module x\r\n\r\ngo 1.21rc1 // pinned\r\n"},
		found: "found Go 1.21 (go.mod)",
		want:  []string{`image = "golang:1.21"`},
	},
	{
		name:  "go without a go line",
		files: map[string]string{"go.mod": "module x\n"},
		found: "Go (go.mod; no go line, so Go 1.25)",
		want:  []string{`image = "golang:1.25"`},
	},
	{
		name:   "npm",
		oracle: true,
		files:  map[string]string{"package.json": `{"scripts": {"test": "jest", "build": "tsc", "lint": "eslint ."}}`, "package-lock.json": "{}"},
		found:  "found Node (package.json, package-lock.json: npm; scripts lint, test, build)",
		want:   []string{`image = "node:24"`, `run = "npm ci"`, `run = "npm run lint"`, `run = "npm run test"`, `run = "npm run build"`},
	},
	{
		// Windows editors start a file with a byte order mark; npm and node read past it.
		name:  "npm with a byte order mark",
		files: map[string]string{"package.json": "\ufeff{\"scripts\": {\"test\": \"jest\"}}", "package-lock.json": "{}"},
		found: "found Node (package.json, package-lock.json: npm; scripts test)",
		want:  []string{`run = "npm run test"`},
	},
	{
		// npm init's test script only fails: the starter leaves it out, saying so.
		name:  "npm init's placeholder test script",
		files: map[string]string{"package.json": `{"scripts": {"test": "echo \"Error: no test specified\" && exit 1", "build": "tsc"}}`, "package-lock.json": "{}"},
		found: "found Node (package.json, package-lock.json: npm; scripts build; not npm init's placeholder test script, which fails)",
		want:  []string{`run = "npm run build"`},
		not:   []string{"npm run test"},
	},
	{
		name:  "npm without a lock file",
		files: map[string]string{"package.json": `{"name": "x"}`},
		found: "found Node (package.json: npm)",
		want:  []string{`run = "npm install"`, "There is no lock file", "no lint, test or build script"},
		not:   []string{`run = "npm ci"`, "npm run"},
	},
	{
		name:  "yarn",
		files: map[string]string{"package.json": `{"scripts": {"test": "vitest"}}`, "yarn.lock": ""},
		found: "found Node (package.json, yarn.lock: yarn; scripts test)",
		want:  []string{`run = "corepack enable && yarn install --frozen-lockfile"`, `run = "yarn run test"`},
	},
	{
		name:  "pnpm",
		files: map[string]string{"package.json": `{"scripts": {"lint": "eslint ."}}`, "pnpm-lock.yaml": "", "yarn.lock": ""},
		found: "found Node (package.json, pnpm-lock.yaml: pnpm; scripts lint)",
		want:  []string{`run = "corepack enable && pnpm install --frozen-lockfile"`, `run = "pnpm run lint"`},
	},
	{
		name:  "python requirements",
		files: map[string]string{"requirements.txt": "requests==2.32.0\npytest==8.3.0\n"},
		found: "found Python (requirements.txt)",
		want:  []string{`image = "python:3.13-slim"`, `run = "pip install -r requirements.txt"`, `run = "python -m pytest"`},
		not:   []string{"pip install pytest", "pip install ."},
	},
	{
		name:  "python project",
		files: map[string]string{"pyproject.toml": "[project]\nname = \"x\"\n"},
		found: "found Python (pyproject.toml)",
		want:  []string{`run = "pip install ."`, `run = "pip install pytest"`, "pyproject.toml does not name pytest"},
	},
	{
		name:   "dockerfile",
		oracle: true,
		files:  map[string]string{"Dockerfile": "FROM scratch\n"},
		found:  "found a Dockerfile",
		want:   []string{`stage "image" {`, `when = ci.branch == "main"` + "\n", `REGISTRY_PASSWORD = secret.registry_password`, `secret "registry_password" {}`},
		// Nothing else runs, so no pull-request trigger: it would start a pipeline with
		// nothing to do.
		not: []string{"pull_request", "needs"},
	},
	{
		name:   "everything",
		oracle: true,
		files: map[string]string{"go.mod": "module x\n\ngo 1.23\n", "package.json": "{}", "package-lock.json": "{}",
			"pyproject.toml": "[project.optional-dependencies]\ntest = [\"pytest\"]\n", "requirements.txt": "flask\n", "Dockerfile": "FROM scratch\n"},
		found: "found Go 1.23 (go.mod); Node (package.json, package-lock.json: npm); Python (pyproject.toml, requirements.txt); a Dockerfile",
		want: []string{`stage "test-go" {`, `stage "test-node" {`, `stage "test-python" {`,
			`needs = ["test-go", "test-node", "test-python"]`, `when  = ci.branch == "main" && ci.event == "push"`},
		not: []string{"pip install pytest"},
	},
	{
		name:   "nothing known",
		oracle: true,
		files:  map[string]string{"README.md": "hello\n"},
		found:  "found no go.mod, package.json, pyproject.toml, requirements.txt or Dockerfile",
		want:   []string{`stage "build" {`, "Replace this step"},
		not:    []string{"pull_request"},
	},
	{
		// A clone records the remote's default branch; the checkout may be on another.
		name: "clone of a trunk repository",
		files: map[string]string{"go.mod": "module x\n\ngo 1.24\n", ".git/HEAD": "ref: refs/heads/feature/x\n",
			".git/refs/remotes/origin/HEAD": "ref: refs/remotes/origin/trunk\n"},
		found: "found Go 1.24",
		want:  []string{`branches = ["trunk"]`},
		not:   []string{`"main"`},
	},
	{
		// A worktree's .git is a file naming its git directory, whose commondir holds the refs.
		name: "worktree of a develop repository",
		files: map[string]string{"go.mod": "module x\n\ngo 1.24\n", ".git": "gitdir: ../repo/.git/worktrees/w\n",
			"../repo/.git/worktrees/w/HEAD": "ref: refs/heads/w\n", "../repo/.git/worktrees/w/commondir": "../..\n",
			"../repo/.git/refs/remotes/origin/HEAD": "ref: refs/remotes/origin/develop\n"},
		found: "found Go 1.24",
		want:  []string{`branches = ["develop"]`},
	},
	{
		// A service in a monorepo: the repository is the directory's parent.
		name:  "service in a master repository",
		files: map[string]string{"go.mod": "module x\n\ngo 1.24\n", "../.git/HEAD": "ref: refs/heads/master\n"},
		found: "found Go 1.24",
		want:  []string{`branches = ["master"]`},
	},
	{
		// A name the spec's strings would read otherwise is passed over.
		name: "clone of a repository with an odd default branch",
		files: map[string]string{"go.mod": "module x\n\ngo 1.24\n", ".git/HEAD": "ref: refs/heads/master\n",
			".git/refs/remotes/origin/HEAD": "ref: refs/remotes/origin/x${y}\n"},
		found: "found Go 1.24",
		want:  []string{`branches = ["master"]`},
	},
	{
		name:  "master checkout",
		files: map[string]string{"go.mod": "module x\n\ngo 1.24\n", ".git/HEAD": "ref: refs/heads/master\n"},
		found: "found Go 1.24",
		want:  []string{`branches = ["master"]`},
		not:   []string{`"main"`},
	},
}

// circleciLimits are the warnings a starter may have: CircleCI applies no job timeout,
// and tells a push from a pull request only for GitHub App projects. The starter keeps
// the timeout and the pull-request trigger, which every other platform honours, and its
// header says how to lint for the platforms the user has.
var circleciLimits = []string{"circleci/timeout-unsupported", "circleci/github-app-values"}

// TestInitDetects runs pipec init in a directory per layout: it says what it found, the
// spec holds the stages for it, pipec fmt would not change it, it compiles for every
// target, and pipec lint finds no error and no warning but CircleCI's limits.
func TestInitDetects(t *testing.T) {
	var outputs []generated
	for _, c := range initCases {
		t.Run(c.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "shop-api")
			for name, src := range c.files {
				writeFile(t, "", filepath.Join(dir, name), src)
			}
			r := pipec(t, "init", dir)
			if r.code != exitOK || !strings.Contains(r.stderr, c.found) || !strings.Contains(r.stderr, "wrote "+filepath.Join(dir, "pipeline.hcl")) {
				t.Fatalf("want exit 0 and %q:\n%s", c.found, r)
			}
			src, err := os.ReadFile(filepath.Join(dir, "pipeline.hcl"))
			if err != nil {
				t.Fatal(err)
			}
			spec := string(src)
			if !strings.Contains(spec, `pipeline "shop-api" {`) {
				t.Errorf("the pipeline is not named after the directory:\n%s", spec)
			}
			for _, w := range c.want {
				if !strings.Contains(spec, w) {
					t.Errorf("spec lacks %q:\n%s", w, spec)
				}
			}
			for _, n := range c.not {
				if strings.Contains(spec, n) {
					t.Errorf("spec has %q:\n%s", n, spec)
				}
			}
			if out, ds := hcl.Format("pipeline.hcl", src); ds.HasErrors() || !bytes.Equal(out, src) {
				t.Errorf("pipec fmt would change the starter (%v):\n%s", ds, out)
			}
			files := []cue.File{{Name: "pipeline.hcl", Src: src}}
			ds, err := lintSpec(files, all.Targets, nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range ds {
				if d.Severity == diag.Info {
					continue
				}
				if d.Code == "target-unsupported" && slices.ContainsFunc(circleciLimits, func(l string) bool { return strings.Contains(d.Summary, "("+l+";") }) {
					continue
				}
				t.Errorf("lint finding: %v (%s)", d, d.Detail)
			}
			outs, ds, err := build(files, all.Targets, compile.Options{}, nil)
			if err != nil || ds.HasErrors() || len(outs) != len(all.Targets) {
				t.Fatalf("the starter does not compile for every target (%v): %v", err, ds)
			}
			if c.oracle {
				outputs = append(outputs, generated{c.name, outs})
			}
		})
	}
	checkStarters(t, outputs)
}

type generated struct {
	name string
	outs []output
}

// checkStarters hands every starter's output to the platforms' own validators
// (../shared/oracles/check.sh, one call per target). Without them the check is skipped,
// and under CI=true it fails, as the root conformance tests do.
func checkStarters(t *testing.T, gens []generated) {
	oracles, err := filepath.Abs(filepath.Join("..", "..", "..", "shared", "oracles"))
	if err != nil {
		t.Fatal(err)
	}
	ci, _ := strconv.ParseBool(os.Getenv("CI"))
	skip := func(msg string) {
		if ci {
			t.Fatalf("CI=true: %s", msg)
		}
		t.Logf("SKIP: %s", msg)
	}
	if _, err := os.Stat(filepath.Join(oracles, "check.sh")); err != nil {
		skip("the oracles (../shared/oracles, beside the repository) are not there: the starters are not checked by the platforms' validators")
		return
	}
	dir := t.TempDir()
	byTarget := map[string][]string{}
	for i, g := range gens {
		for _, o := range g.outs {
			p := filepath.Join(dir, strconv.Itoa(i), filepath.FromSlash(o.path))
			writeFile(t, "", p, string(o.data))
			byTarget[o.target] = append(byTarget[o.target], p)
		}
	}
	for _, target := range all.Names() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		out, err := exec.CommandContext(ctx, filepath.Join(oracles, "check.sh"), append([]string{target}, byTarget[target]...)...).CombinedOutput()
		cancel()
		var exit *exec.ExitError
		switch {
		case errors.As(err, &exit) && exit.ExitCode() == 3:
			skip("the oracles are not installed (run ../shared/oracles/install.sh):\n" + string(out))
			return
		case err != nil:
			t.Errorf("check.sh %s rejects a starter (%v):\n%s", target, err, out)
		}
	}
}

// TestInitRefuses: a spec already there, in any format, is kept unless --force.
func TestInitRefuses(t *testing.T) {
	for _, existing := range defaultSpecs {
		dir := t.TempDir()
		writeFile(t, "", filepath.Join(dir, existing), "keep me\n")
		r := pipec(t, "init", dir)
		if r.code != exitUsage || !strings.Contains(r.stderr, existing+" already exists") || !strings.Contains(r.stderr, "--force") {
			t.Errorf("%s: want exit 2 and a refusal:\n%s", existing, r)
		}
		if got, _ := os.ReadFile(filepath.Join(dir, existing)); string(got) != "keep me\n" {
			t.Errorf("%s was changed", existing)
		}
		if existing != "pipeline.hcl" {
			if _, err := os.Stat(filepath.Join(dir, "pipeline.hcl")); err == nil {
				t.Errorf("%s: pipeline.hcl written beside it", existing)
			}
		}
		r = pipec(t, "init", "--force", dir)
		if r.code != exitOK {
			t.Errorf("%s: --force: want exit 0:\n%s", existing, r)
		}
		if got, _ := os.ReadFile(filepath.Join(dir, "pipeline.hcl")); !bytes.HasPrefix(got, []byte("# The CI/CD pipeline of ")) {
			t.Errorf("%s: --force did not write the starter:\n%s", existing, got)
		}
	}
}

func TestInitUsage(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, "", filepath.Join(dir, "file"), "")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"init", "a", "b"}, "give one directory, got 2"},
		{[]string{"init", filepath.Join(dir, "file")}, "is not a directory"},
		{[]string{"init", filepath.Join(dir, "missing")}, "missing does not exist: give the project's directory"},
		{[]string{"init", "--forse"}, "unknown flag: --forse"},
	} {
		r := pipec(t, c.args...)
		if r.code != exitUsage || !strings.Contains(r.stderr, c.want) {
			t.Errorf("%v: want exit 2 and %q:\n%s", c.args, c.want, r)
		}
	}
	if r := pipec(t, "init", "--help"); r.code != exitOK || !strings.Contains(r.stdout, "pipec init [DIR]") {
		t.Errorf("--help:\n%s", r)
	}
}

func TestInitBadPackageJSON(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, "", filepath.Join(dir, "package.json"), "{not json")
	r := pipec(t, "init", dir)
	if r.code != exitUsage || !strings.Contains(r.stderr, "package.json: not JSON") {
		t.Errorf("want exit 2 and the file named:\n%s", r)
	}
	if _, err := os.Stat(filepath.Join(dir, "pipeline.hcl")); err == nil {
		t.Error("a starter was written")
	}
}

// TestInitDirectoryNames names the pipeline after directories whose names are not pipeline
// names as they are: the starter compiles for every target. A directory named con or
// nul.txt (names Windows keeps for devices) or longer than a name may be got a starter
// that pipec refused (bad-name, name-too-long).
func TestInitDirectoryNames(t *testing.T) {
	long := strings.Repeat("x", 98) + "-.-" + strings.Repeat("y", 40)
	for _, c := range []struct{ dir, name string }{
		{"con", "ci-con"},
		{"nul.txt", "ci-nul.txt"},
		{"LPT1", "ci-LPT1"},
		{"aux.d", "ci-aux.d"},
		{"console", "console"},
		{"café au lait", "caf--au-lait"},
		{".hidden", "hidden"},
		{long, strings.Repeat("x", 98)},
	} {
		dir := filepath.Join(t.TempDir(), c.dir)
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if r := pipec(t, "init", dir); r.code != exitOK {
			t.Fatalf("%s: %s", c.dir, r)
		}
		src := readFile(t, filepath.Join(dir, "pipeline.hcl"))
		if !strings.Contains(src, "pipeline \""+c.name+"\" {") {
			t.Errorf("%s: want the pipeline named %q:\n%s", c.dir, c.name, src)
		}
		_, ds, err := build([]cue.File{{Name: "pipeline.hcl", Src: []byte(src)}}, all.Targets, compile.Options{}, nil)
		if err != nil || ds.HasErrors() {
			t.Errorf("%s: the starter does not compile (%v): %v", c.dir, err, ds)
		}
	}
}

// A package.json that is JSON but not of npm's shape is named for what it is: "not JSON:
// cannot unmarshal array" gave the wrong reason for "scripts": [] (init goes on without
// scripts, and says so) and for a file that is an array (refused).
func TestInitPackageJSONShape(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, "", filepath.Join(dir, "package.json"), `{"name": "x", "scripts": []}`)
	r := pipec(t, "init", dir)
	if r.code != exitOK || strings.Contains(r.stderr, "not JSON") || !strings.Contains(r.stderr, `"scripts" is a JSON array, not an object`) {
		t.Errorf("scripts []: want exit 0 and a note on scripts:\n%s", r)
	}
	dir = t.TempDir()
	writeFile(t, "", filepath.Join(dir, "package.json"), `["x"]`)
	r = pipec(t, "init", dir)
	if r.code != exitUsage || strings.Contains(r.stderr, "not JSON") || !strings.Contains(r.stderr, "package.json: a JSON array, not an object") {
		t.Errorf("an array: want exit 2 and the reason:\n%s", r)
	}
	if _, err := os.Stat(filepath.Join(dir, "pipeline.hcl")); err == nil {
		t.Error("a starter was written")
	}
}

// init --force writes through a pipeline.hcl that is a symbolic link, as generate and fmt
// do: it replaced the link with a file, leaving the file it pointed to as it was.
func TestInitForceThroughSymlink(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "specs", "real.hcl")
	writeFile(t, "", target, "keep me\n")
	link := filepath.Join(dir, "pipeline.hcl")
	if err := os.Symlink(filepath.Join("specs", "real.hcl"), link); err != nil {
		t.Skip(err)
	}
	if r := pipec(t, "init", "--force", dir); r.code != exitOK {
		t.Fatalf("want exit 0:\n%s", r)
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Errorf("pipeline.hcl is no longer a link (%v)", err)
	}
	if got, _ := os.ReadFile(target); !bytes.HasPrefix(got, []byte("# The CI/CD pipeline of ")) {
		t.Errorf("the link's file was not written:\n%s", got)
	}
}
