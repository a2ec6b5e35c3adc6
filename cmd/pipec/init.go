package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"

	"github.com/spf13/pflag"

	"github.com/pipec-dev/pipec/compile"
)

func initFlags(force *bool) (*pflag.FlagSet, *bool) {
	fs := pflag.NewFlagSet("init", pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.SortFlags = false
	fs.BoolVar(force, "force", false, "write "+defaultSpec+" even when the directory already has a spec (it is overwritten)")
	help := fs.BoolP("help", "h", false, "show this help")
	return fs, help
}

func initUsage() string {
	fs, _ := initFlags(new(bool))
	return `Usage:
  pipec init [DIR] [flags]

Writes a commented starter ` + defaultSpec + ` in DIR (default: the current directory) for
the project it finds there, and says what it found:

  go.mod                             Go: go vet and go test, in the go.mod's Go version
  package.json                       Node: install with npm, yarn or pnpm (by the lock
                                     file), then the lint, test and build scripts it has
  pyproject.toml, requirements.txt   Python: pip install, then pytest
  Dockerfile                         build the image, and push it from the default branch

The starter runs on pushes to the default branch (in a clone, the one the remote origin
names as its default; else main, or master when that is checked out) and on pull
requests, and compiles for every target; pipec lint reports nothing in it but what
CircleCI cannot do, as its header explains. Edit it, then run pipec lint and pipec
generate.

It refuses to write when DIR already has a spec, unless --force:
` + strings.Join(defaultSpecs, ", ") + `.

Flags:
` + fs.FlagUsages() + `
Exit codes: 0 written, 2 usage or I/O error, or a spec is already there.
`
}

func cmdInit(args []string, stdout, stderr io.Writer) int {
	var force bool
	fs, help := initFlags(&force)
	if err := fs.Parse(args); err != nil {
		return usageError(stderr, "init", flagError(fs, err))
	}
	if *help {
		fmt.Fprint(stdout, initUsage())
		return exitOK
	}
	dir := "."
	switch fs.NArg() {
	case 0:
	case 1:
		dir = fs.Arg(0)
	default:
		return usageError(stderr, "init", fmt.Sprintf("give one directory, got %d: %s", fs.NArg(), strings.Join(fs.Args(), " ")))
	}
	if st, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
		// init looks at the project in DIR to write its pipeline: there must be one.
		return usageError(stderr, "init", fmt.Sprintf("%s does not exist: give the project's directory (pipec init looks at what is in it), or create it first", dir))
	} else if err != nil {
		fmt.Fprintf(stderr, "pipec: %v\n", err)
		return exitUsage
	} else if !st.IsDir() {
		return usageError(stderr, "init", fmt.Sprintf("%s is not a directory", dir))
	}
	dst := filepath.Join(dir, defaultSpec)
	if !force {
		for _, name := range defaultSpecs {
			p := filepath.Join(dir, name)
			if _, err := os.Lstat(p); err == nil {
				what := "pass --force to overwrite it"
				if name != defaultSpec {
					what = "pass --force to write " + defaultSpec + " beside it (pipec reads " + defaultSpec + " first)"
				}
				fmt.Fprintf(stderr, "pipec init: %s already exists; %s\n", p, what)
				return exitUsage
			}
		}
	}
	proj, err := detect(dir)
	if err != nil {
		fmt.Fprintf(stderr, "pipec: %v\n", err)
		return exitUsage
	}
	// A pipeline.hcl that is a link stays one, as generate and fmt write through links:
	// renaming over it replaced the link with a file and left the file it named as it was.
	to, err := followLinks(dst)
	if err == nil {
		var tmp string
		if tmp, err = writeTemp(to, starter(proj)); err == nil {
			if err = os.Rename(tmp, to); err != nil {
				os.Remove(tmp)
			}
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "pipec: %v\n", err)
		return exitUsage
	}
	if len(proj.found) == 0 {
		fmt.Fprintf(stderr, "pipec init: found no go.mod, package.json, pyproject.toml, requirements.txt or Dockerfile: the starter runs one placeholder step\n")
	} else {
		fmt.Fprintf(stderr, "pipec init: found %s\n", strings.Join(proj.found, "; "))
	}
	fmt.Fprintf(stderr, "wrote %s\nnext: edit it, then run pipec lint and pipec generate\n", dst)
	return exitOK
}

// packageScripts reads the scripts of package.json, at path. The file must be a JSON
// object, as npm requires; a "scripts" that is not an object of names to commands gives no
// scripts and a note saying so. Decoding straight into a struct called both mistakes
// "not JSON: cannot unmarshal array", the wrong reason.
func packageScripts(path string, src []byte) (map[string]any, string, error) {
	var top any
	// npm and node read past a byte order mark (Windows editors write one); JSON's
	// decoder refused the file as "not JSON".
	if err := json.Unmarshal(bytes.TrimPrefix(src, []byte("\xef\xbb\xbf")), &top); err != nil {
		return nil, "", fmt.Errorf("%s: not JSON: %v", path, err)
	}
	obj, ok := top.(map[string]any)
	if !ok {
		return nil, "", fmt.Errorf("%s: a JSON %s, not an object: npm reads a package's name, scripts and dependencies from an object", path, jsonKind(top))
	}
	switch s := obj["scripts"].(type) {
	case nil: // absent, or null
		return nil, "", nil
	case map[string]any:
		return s, "", nil
	default:
		return nil, fmt.Sprintf("its \"scripts\" is a JSON %s, not an object of names to commands, so the starter runs none", jsonKind(s)), nil
	}
}

// jsonKind names the kind of a decoded JSON value as JSON does.
func jsonKind(v any) string {
	switch v.(type) {
	case []any:
		return "array"
	case string:
		return "string"
	case float64:
		return "number"
	case bool:
		return "boolean"
	case nil:
		return "null"
	}
	return "object"
}

// project is what init found in a directory.
type project struct {
	name   string // the pipeline's name: the directory's, as a valid name
	branch string // the default branch the triggers name
	found  []string

	goVersion string // "1.24": Go, from go.mod ("" without go.mod)
	hasGo     bool

	node       bool
	nodePM     string   // npm, yarn or pnpm
	nodeLock   bool     // a lock file is there (npm ci needs one)
	nodeScript []string // lint, test and build, those package.json has

	python     bool
	pyReqs     bool // requirements.txt
	pyProject  bool // pyproject.toml
	pyHasTests bool // pytest is named in the requirements or pyproject.toml
	pyFiles    []string

	docker bool
}

// goDirective is go.mod's `go 1.24` or `go 1.24.3` line, or a prerelease's (`go 1.21rc1`,
// `go 1.22beta1`), which is Go 1.21 for the image.
var goDirective = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?m)^go\s+(\d+)\.(\d+)(?:\.\d+|(?:rc|beta)\d+)?\s*(?://.*)?$`)
})

// detect looks at the files init knows in dir. Only a file that is there but cannot be
// read (or a package.json that is not a JSON object) is an error.
func detect(dir string) (*project, error) {
	p := &project{name: pipelineName(dir), branch: defaultBranch(dir)}
	read := func(name string) ([]byte, bool, error) {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if errors.Is(err, fs.ErrNotExist) {
			return nil, false, nil
		}
		return b, err == nil, err
	}
	exists := func(name string) bool {
		st, err := os.Stat(filepath.Join(dir, name))
		return err == nil && st.Mode().IsRegular()
	}

	if src, ok, err := read("go.mod"); err != nil {
		return nil, err
	} else if ok {
		p.hasGo = true
		p.goVersion = "1.25"
		note := "Go (go.mod; no go line, so Go " + p.goVersion + ")"
		if m := goDirective().FindSubmatch(src); m != nil {
			p.goVersion = string(m[1]) + "." + string(m[2])
			note = "Go " + p.goVersion + " (go.mod)"
		}
		p.found = append(p.found, note)
	}

	if src, ok, err := read("package.json"); err != nil {
		return nil, err
	} else if ok {
		scripts, scriptsNote, err := packageScripts(filepath.Join(dir, "package.json"), src)
		if err != nil {
			return nil, err
		}
		p.node = true
		p.nodePM, p.nodeLock = "npm", false
		lock := ""
		for _, l := range []struct{ file, pm string }{
			{"pnpm-lock.yaml", "pnpm"}, {"yarn.lock", "yarn"}, {"package-lock.json", "npm"}, {"npm-shrinkwrap.json", "npm"},
		} {
			if exists(l.file) {
				p.nodePM, p.nodeLock, lock = l.pm, true, l.file
				break
			}
		}
		placeholder := false
		for _, s := range []string{"lint", "test", "build"} {
			cmd, ok := scripts[s]
			// npm init writes a test script that fails ("echo \"Error: no test
			// specified\" && exit 1"): a starter that ran it failed on its first push.
			if c, _ := cmd.(string); s == "test" && strings.Contains(c, "Error: no test specified") {
				placeholder = true
				continue
			}
			if ok {
				p.nodeScript = append(p.nodeScript, s)
			}
		}
		note := "Node (package.json"
		if lock != "" {
			note += ", " + lock
		}
		note += ": " + p.nodePM
		if len(p.nodeScript) > 0 {
			note += "; scripts " + strings.Join(p.nodeScript, ", ")
		}
		if placeholder {
			note += "; not npm init's placeholder test script, which fails"
		}
		if scriptsNote != "" {
			note += "; " + scriptsNote
		}
		p.found = append(p.found, note+")")
	}

	for _, f := range []string{"pyproject.toml", "requirements.txt"} {
		src, ok, err := read(f)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		p.python = true
		p.pyFiles = append(p.pyFiles, f)
		if f == "pyproject.toml" {
			p.pyProject = true
		} else {
			p.pyReqs = true
		}
		if bytes.Contains(bytes.ToLower(src), []byte("pytest")) {
			p.pyHasTests = true
		}
	}
	if p.python {
		p.found = append(p.found, "Python ("+strings.Join(p.pyFiles, ", ")+")")
	}

	if exists("Dockerfile") {
		p.docker = true
		p.found = append(p.found, "a Dockerfile")
	}
	return p, nil
}

// pipelineName is the directory's name as a pipeline name: letters, digits, '.', '_'
// and '-', anything else as '-', at most compile.MaxNameLength long, and "ci-" before a
// name Windows keeps for a device (con, aux.d): the starter must compile as written.
func pipelineName(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		abs = dir
	}
	base := filepath.Base(abs)
	name := strings.Trim(strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-' {
			return r
		}
		return '-'
	}, base), "-.")
	if name == "" {
		return "pipeline"
	}
	if compile.IsWindowsDevice(name) {
		name = "ci-" + name
	}
	if len(name) > compile.MaxNameLength {
		name = strings.TrimRight(name[:compile.MaxNameLength], "-.")
	}
	return name
}

// defaultBranch is the branch the starter's push trigger names. In a clone, git records
// the remote's default branch as refs/remotes/origin/HEAD ("trunk", "develop"): a starter
// for main there never ran on a push. Otherwise it is "master" when the checkout is on
// master, else "main", the two common names. The repository may be a parent of dir (a
// service in a monorepo), and .git a file naming the git directory (a worktree).
func defaultBranch(dir string) string {
	gitDir, commonDir := findGitDir(dir)
	if gitDir == "" {
		return "main"
	}
	origin, err := os.ReadFile(filepath.Join(commonDir, "refs", "remotes", "origin", "HEAD"))
	// A name git allows may hold "${" or a quote, which the spec's strings and conditions
	// would read otherwise: such a name is passed over.
	if b, ok := strings.CutPrefix(strings.TrimSpace(string(origin)), "ref: refs/remotes/origin/"); err == nil && ok && plainBranch().MatchString(b) {
		return b
	}
	head, err := os.ReadFile(filepath.Join(gitDir, "HEAD"))
	if err == nil && strings.TrimSpace(string(head)) == "ref: refs/heads/master" {
		return "master"
	}
	return "main"
}

// plainBranch matches the branch names the starter writes as they are.
var plainBranch = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._/-]*$`) })

// findGitDir finds the git directory of the repository dir is in, and the directory its
// refs are shared in (the main repository's, for a worktree); "" when there is none.
func findGitDir(dir string) (gitDir, commonDir string) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", ""
	}
	for {
		p := filepath.Join(abs, ".git")
		if st, err := os.Stat(p); err == nil {
			gitDir = p
			if !st.IsDir() {
				// A worktree's or submodule's .git file: "gitdir: PATH".
				b, _ := os.ReadFile(p)
				rel, ok := strings.CutPrefix(strings.TrimSpace(string(b)), "gitdir: ")
				if !ok {
					return "", ""
				}
				if !filepath.IsAbs(rel) {
					rel = filepath.Join(abs, rel)
				}
				gitDir = rel
			}
			commonDir = gitDir
			if b, err := os.ReadFile(filepath.Join(gitDir, "commondir")); err == nil {
				if c := strings.TrimSpace(string(b)); filepath.IsAbs(c) {
					commonDir = c
				} else {
					commonDir = filepath.Join(gitDir, c)
				}
			}
			return gitDir, commonDir
		}
		parent := filepath.Dir(abs)
		if parent == abs {
			return "", ""
		}
		abs = parent
	}
}

// starter writes the spec for p, in HCL's canonical layout (pipec fmt leaves it as is).
func starter(p *project) []byte {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	found := "nothing pipec init knows"
	if len(p.found) > 0 {
		found = strings.Join(p.found, "; ")
	}
	w("# The CI/CD pipeline of %s, written by pipec init from what it found here:\n", p.name)
	w("# %s.\n", found)
	w("#\n")
	w("#   pipec lint       checks this file\n")
	w("#   pipec graph      draws the jobs it compiles to\n")
	w("#   pipec generate   writes the CI files of GitHub Actions, GitLab CI, CircleCI and\n")
	w("#                    Azure Pipelines beside it (--target picks some)\n")
	w("#\n")
	w("# pipec lint also says what a platform cannot do as written: CircleCI applies no\n")
	w("# timeout and tells pushes from pull requests only for GitHub App projects. If you do\n")
	w("# not use CircleCI, lint and generate with --target github (or gitlab, azure).\n")
	w("pipeline %q {\n", p.name)
	checks := p.hasGo || p.node || p.python
	w("  on {\n")
	w("    push {\n")
	w("      branches = [%q]\n", p.branch)
	w("    }\n")
	if checks {
		// Every pull request, whatever branch it targets: CircleCI cannot filter them by
		// target branch, and a check that runs too often costs less than one missed.
		w("    pull_request {}\n")
	}
	w("  }\n\n")
	w("  # What every stage gets unless it says otherwise. A stage that runs longer is\n")
	w("  # stopped, so a hung test does not hold a runner for hours.\n")
	w("  defaults {\n")
	w("    runner  = \"linux\"\n")
	w("    timeout = \"30m\"\n")
	w("  }\n")

	// One language's checks are stage "test"; several get a stage each.
	var testStages []string
	stageName := func(lang string) string {
		n := 0
		for _, on := range []bool{p.hasGo, p.node, p.python} {
			if on {
				n++
			}
		}
		if n == 1 {
			return "test"
		}
		return "test-" + lang
	}
	if p.hasGo {
		name := stageName("go")
		testStages = append(testStages, name)
		w("\n  # Go %s, as go.mod asks.\n", p.goVersion)
		w("  stage %q {\n", name)
		w("    image = \"golang:%s\"\n", p.goVersion)
		w("    step \"vet\" {\n")
		w("      run = \"go vet ./...\"\n")
		w("    }\n")
		w("    step \"test\" {\n")
		w("      run = \"go test ./...\"\n")
		w("    }\n")
		w("  }\n")
	}
	if p.node {
		name := stageName("node")
		testStages = append(testStages, name)
		install := "npm ci"
		switch {
		case p.nodePM == "yarn":
			install = "corepack enable && yarn install --frozen-lockfile"
		case p.nodePM == "pnpm":
			install = "corepack enable && pnpm install --frozen-lockfile"
		case !p.nodeLock:
			install = "npm install"
		}
		if len(p.nodeScript) > 0 {
			w("\n  # Node with %s: install, then the package.json scripts %s.\n", p.nodePM, strings.Join(p.nodeScript, ", "))
		} else {
			w("\n  # Node with %s. package.json has no lint, test or build script: add a step for\n", p.nodePM)
			w("  # each check the project has.\n")
		}
		if !p.nodeLock {
			w("  # There is no lock file: commit one (npm install writes package-lock.json) and\n")
			w("  # install with npm ci, so every run gets the same packages.\n")
		}
		w("  stage %q {\n", name)
		w("    image = \"node:24\"\n")
		w("    step \"install\" {\n")
		w("      run = %q\n", install)
		w("    }\n")
		for _, s := range p.nodeScript {
			w("    step %q {\n", s)
			w("      run = \"%s run %s\"\n", p.nodePM, s)
			w("    }\n")
		}
		w("  }\n")
	}
	if p.python {
		name := stageName("python")
		testStages = append(testStages, name)
		w("\n  # Python: install the project, then run its tests with pytest.\n")
		if !p.pyHasTests {
			if len(p.pyFiles) == 1 {
				w("  # %s does not name pytest, so the stage installs it.\n", p.pyFiles[0])
			} else {
				w("  # Neither %s names pytest, so the stage installs it.\n", strings.Join(p.pyFiles, " nor "))
			}
		}
		w("  stage %q {\n", name)
		w("    image = \"python:3.13-slim\"\n")
		if p.pyReqs {
			w("    step \"requirements\" {\n")
			w("      run = \"pip install -r requirements.txt\"\n")
			w("    }\n")
		}
		if p.pyProject {
			w("    step \"install\" {\n")
			w("      run = \"pip install .\"\n")
			w("    }\n")
		}
		if !p.pyHasTests {
			w("    step \"install-pytest\" {\n")
			w("      run = \"pip install pytest\"\n")
			w("    }\n")
		}
		w("    step \"test\" {\n")
		w("      run = \"python -m pytest\"\n")
		w("    }\n")
		w("  }\n")
	}
	if p.docker {
		w("\n  # The registry's password, from the CI platform's secret store: add it there as\n")
		w("  # REGISTRY_PASSWORD.\n")
		w("  secret \"registry_password\" {}\n")
		w("\n  # Builds the image from the Dockerfile and pushes it, tagged with the commit, for\n")
		w("  # pushes to %s. Set the registry, the image and the user below. The stage runs\n", p.branch)
		w("  # on the runner itself, where docker is (GitLab: a runner with docker).\n")
		w("  stage \"image\" {\n")
		// On a pull request ci.branch is the head branch, which anyone may call main in a
		// fork: with pull requests among the triggers the event must be tested too.
		if len(testStages) > 0 {
			w("    needs = [%s]\n", quoteList(testStages))
			w("    when  = ci.branch == %q && ci.event == \"push\"\n", p.branch)
		} else {
			w("    when = ci.branch == %q\n", p.branch)
		}
		w("    env = {\n")
		w("      REGISTRY      = \"registry.example.com\"\n")
		w("      IMAGE         = \"registry.example.com/%s\"\n", strings.ToLower(p.name))
		w("      REGISTRY_USER = \"ci\"\n")
		w("    }\n")
		w("    step \"build\" {\n")
		w("      run = \"docker build -t \\\"$IMAGE:${ci.commit_sha}\\\" .\"\n")
		w("    }\n")
		w("    step \"push\" {\n")
		w("      run = \"printf '%%s' \\\"$REGISTRY_PASSWORD\\\" | docker login \\\"$REGISTRY\\\" -u \\\"$REGISTRY_USER\\\" --password-stdin && docker push \\\"$IMAGE:${ci.commit_sha}\\\"\"\n")
		w("      env = {\n")
		w("        REGISTRY_PASSWORD = secret.registry_password\n")
		w("      }\n")
		w("    }\n")
		w("  }\n")
	}
	if !checks && !p.docker {
		w("\n  # Replace this step with the commands that build and test the project.\n")
		w("  stage \"build\" {\n")
		w("    step \"hello\" {\n")
		w("      run = \"echo 'pipec runs this on every push'\"\n")
		w("    }\n")
		w("  }\n")
	}
	w("}\n")
	return []byte(b.String())
}

func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}
