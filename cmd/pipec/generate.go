package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/pipec-dev/pipec/compile"
	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/lang/cue"
	"github.com/pipec-dev/pipec/lint"
	"github.com/pipec-dev/pipec/targets"
	"github.com/pipec-dev/pipec/targets/all"
)

// defaultSpec is the spec generate reads when no FILE is given: the first of
// defaultSpecs that exists in the current directory.
const defaultSpec = "pipeline.hcl"

var defaultSpecs = []string{"pipeline.hcl", "pipeline.cue", "pipeline.yaml", "pipeline.yml", "pipeline.json"}

// specFormats are the spec file extensions generate reads: HCL through lang/hcl, the rest
// through lang/cue.
var specFormats = []string{".hcl", ".cue", ".json", ".yaml", ".yml"}

// plannedTargets are target names the language defines whose back ends are not written
// yet: asking for one is a usage error that says so, not a "did you mean".
// (Every target the language defines is written; the list stays for the next one.)
var plannedTargets = []string{}

type generateOptions struct {
	targets []string
	out     string
	stdout  bool
	check   bool
	force   bool
	lint    bool
	changed bool        // the FILEs are changed files: run the specs that read them
	lintCfg *lintConfig // .pipec.hcl, read once when lint is set
	// fixCmd is the command that brings the files --check found stale up to date: this
	// one without --check, so the same specs, targets and --out are written.
	fixCmd string
	outputFlags
}

func generateFlags(o *generateOptions) (*pflag.FlagSet, *bool) {
	fs := pflag.NewFlagSet("generate", pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.SortFlags = false
	fs.StringSliceVarP(&o.targets, "target", "t", nil,
		"targets to emit: a comma-separated list, or the flag repeated\n(default: every target: "+strings.Join(all.Names(), ", ")+")")
	fs.StringVarP(&o.out, "out", "o", "", "directory the files are written under (default: each spec's directory)")
	fs.BoolVar(&o.stdout, "stdout", false, "print the files to stdout instead of writing them")
	fs.BoolVar(&o.check, "check", false, "write nothing; print a diff for each file that is not up to date\nand exit 1 if there is one")
	fs.BoolVar(&o.force, "force", false, "overwrite files that pipec did not generate")
	fs.BoolVar(&o.lint, "lint", false, "also lint each spec, as pipec lint does, in the same run;\na finding at error level fails the spec")
	addChangedFlag(fs, &o.changed)
	addOutputFlags(fs, &o.outputFlags, "no warnings, no \"wrote PATH\" lines",
		"the files read, the time of each phase, the files left unchanged")
	help := fs.BoolP("help", "h", false, "show this help")
	return fs, help
}

// addChangedFlag defines --changed, which generate and lint share: the pre-commit hooks
// pass the files that changed, and a change to any file of a CUE package has to rerun
// the package's spec, under the spec's own name.
func addChangedFlag(fs *pflag.FlagSet, changed *bool) {
	fs.BoolVar(changed, "changed", false, "the FILEs are files that changed (as pre-commit passes them): run the spec\nthat reads each (its directory's spec, for any file of its CUE package);\npass over files no spec reads, and do nothing without FILE")
}

// resolveSpecs turns FILE arguments into the specs to run on: with changed, the specs
// that read those files (changedSpecs); else as expandSpecs does, a file of a CUE
// package standing for the package's spec.
func resolveSpecs(args []string, changed bool) (specList, error) {
	if changed {
		return changedSpecs(args), nil
	}
	l, err := expandSpecs(args)
	if err != nil {
		return l, err
	}
	return packageSpecs(l), nil
}

// printNotes prints what resolving the specs passed over, for --verbose.
func printNotes(w io.Writer, notes []string) {
	for _, n := range notes {
		fmt.Fprintf(w, "pipec: %s\n", n)
	}
}

// addOutputFlags defines --quiet, --verbose and --color, which generate and lint share.
func addOutputFlags(fs *pflag.FlagSet, o *outputFlags, quietOmits, verboseAdds string) {
	fs.BoolVarP(&o.quiet, "quiet", "q", false, "print only errors: "+quietOmits)
	fs.BoolVarP(&o.verbose, "verbose", "v", false, "also print "+verboseAdds)
	fs.StringVar(&o.color, "color", "auto", "colour: auto (on a terminal unless NO_COLOR is set), always or never")
}

func generateUsage() string {
	fs, _ := generateFlags(&generateOptions{})
	return `Usage:
  pipec generate [FILE...] [flags]

Checks and compiles each FILE (default: the first of
` + strings.Join(defaultSpecs, ", ") + `
in the current directory) and writes one file per target under --out, at the
target's usual place: .github/workflows/NAME.yml for github. FILE may be a directory,
which stands for its spec (the first of the names above in it), or a pattern DIR/...
(./... for the current directory): the spec of every directory below DIR, skipping vendor, node_modules, testdata and
directories whose names start with "." or "_". Specs are compiled in parallel; what
pipec prints comes in the order of their paths. Two specs may not write one file.

Diagnostics, warnings included, go to stderr as FILE:LINE:COL: error: ... [code]. When a
spec has an error nothing is written, for any spec. A file whose bytes would not change
is left alone. A file is replaced only when pipec generated it (its first line starts
with "# generated by pipec"), or with --force; when one is refused, none is written.
Each file goes to a temporary file beside it first, then is renamed into place. A file
pipec generated from the same spec that no target writes any more (the workflow of a
renamed pipeline) is removed. Without --out, a spec below the root of its git repository
gets a warning [output-location] for each file GitHub or CircleCI would never read there
(they read .github/workflows and .circleci/config.yml at the root only).

--lint runs pipec lint's rules and actionlint on the plan and the files just built, so
one process does what pipec generate and pipec lint do: the findings print with the
other diagnostics, .pipec.hcl and pipec:ignore comments apply as for pipec lint, and a
finding at error level counts as an error (nothing is written, exit 1).

--check writes nothing: it prints a unified diff (--- a/PATH, +++ b/PATH, PATH relative
to the current directory) for each file that is missing or differs, or that generate
would remove, and exits 1 if there is one, so CI can tell that the committed files are
out of date.

Supported spec formats: ` + strings.Join(specFormats, ", ") + `; a .cue file with a
package clause is read with the other .cue files of its directory in that package, and
any of those files, named as FILE, stands for the spec of the directory (pipeline.cue).

--changed is for hooks: the FILEs are files that changed, and each stands for the spec
that reads it (its directory's spec, for any file of its CUE package); a file no spec
reads is passed over, and with none left nothing is done.

Flags:
` + fs.FlagUsages() + `
Exit codes: 0 success (warnings allowed); 1 a spec has errors, or --check found a file
out of date; 2 usage or I/O error, or a file pipec did not generate is in the way; 130
interrupted (Ctrl-C) while writing: nothing was written.
`
}

func cmdGenerate(args []string, c console) int {
	var o generateOptions
	fs, help := generateFlags(&o)
	if err := fs.Parse(args); err != nil {
		return usageError(c.stderr, "generate", flagError(fs, err))
	}
	if *help {
		fmt.Fprint(c.stdout, generateUsage())
		return exitOK
	}
	o.fixCmd = fixCommand(args)
	if msg := checkOutputFlags(o.outputFlags); msg != "" {
		return usageError(c.stderr, "generate", msg)
	}
	switch {
	case o.stdout && fs.Changed("out"):
		return usageError(c.stderr, "generate", "--out and --stdout cannot be used together")
	case o.stdout && o.check:
		return usageError(c.stderr, "generate", "--check and --stdout cannot be used together")
	case o.check && o.force:
		return usageError(c.stderr, "generate", "--check writes nothing, so --force has no use with it")
	}
	args = fs.Args()
	if len(args) == 0 && !o.changed {
		args = []string{findDefaultSpec()}
	}
	for _, f := range args {
		if msg := checkSpecName(f); msg != "" && !o.changed {
			return usageError(c.stderr, "generate", msg)
		}
	}
	if fs.Changed("target") && len(o.targets) == 0 {
		o.targets = []string{""} // --target "": say so rather than emit every target
	}
	selected, msg := selectTargets(o.targets)
	if msg != "" {
		return usageError(c.stderr, "generate", msg)
	}
	if o.lint {
		cfg, err := loadLintConfig("", false)
		if err != nil {
			reportLoadError(c.stderr, err, c.useColor(o.color, c.stderr))
			return exitUsage
		}
		o.lintCfg = cfg
	}
	list, err := resolveSpecs(args, o.changed)
	if err != nil {
		fmt.Fprintf(c.stderr, "pipec: %v\n", err)
		return exitUsage
	}
	if len(list.specs) == 0 { // --changed, and no spec reads the files
		if o.verbose {
			printNotes(c.stderr, list.notes)
		}
		return exitOK
	}
	tuneGC()
	return generate(o, list, selected, c)
}

// fixCommand is `pipec generate ARGS` with the --check of args left out: what writes the
// files a check found stale. Telling a user of `pipec generate --check -t github ./...`
// to run plain `pipec generate` would have them read one spec and write every target.
// An argument the shell would split or expand is quoted.
func fixCommand(args []string) string {
	parts := []string{"pipec", "generate"}
	for i, a := range args {
		if a == "--" {
			parts = append(parts, args[i:]...)
			break
		}
		if a == "--check" || strings.HasPrefix(a, "--check=") {
			continue
		}
		parts = append(parts, a)
	}
	for i, p := range parts {
		parts[i] = wordQuote(p)
	}
	return strings.Join(parts, " ")
}

// wordQuote is s as a word for a POSIX shell: as it is when it holds only the
// characters of ordinary paths and flags, else single-quoted.
func wordQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=,:+@") == "" {
		return s
	}
	return shellQuote(s)
}

// checkSpecName returns a usage message when a FILE argument cannot be a spec: empty, or
// not one of the spec formats. Directories and patterns (DIR/...) are fine.
func checkSpecName(f string) string {
	if f == "" {
		return "the spec file name is empty"
	}
	if f == "-" {
		// The usual name for standard input (gofmt, terraform fmt -), which was refused
		// as a spec "with no extension".
		return "-: pipec reads no spec from standard input (a spec file's extension tells its syntax); give the spec file's path"
	}
	if isPattern(f) {
		return ""
	}
	if fi, err := os.Stat(f); err == nil && fi.IsDir() {
		return "" // the spec of the directory (expandSpecs)
	}
	if ext := filepath.Ext(f); !slices.ContainsFunc(specFormats, func(e string) bool { return strings.EqualFold(e, ext) }) {
		what := fmt.Sprintf("%q", ext)
		if ext == "" {
			what = "no extension"
		}
		return fmt.Sprintf("%s: unsupported spec format (%s); supported: %s", f, what, strings.Join(specFormats, ", "))
	}
	return ""
}

// selectTargets resolves --target values (already split at commas) into back ends, in the
// registry's order; the message is non-empty on a usage error.
func selectTargets(names []string) ([]targets.Target, string) {
	if len(names) == 0 {
		return all.Targets, ""
	}
	want := map[string]bool{}
	for _, n := range names {
		n = strings.TrimSpace(n)
		if n == "" {
			return nil, "empty --target name; available: " + strings.Join(all.Names(), ", ")
		}
		if all.Lookup(n) == nil {
			if slices.Contains(plannedTargets, n) {
				return nil, fmt.Sprintf("target %q is not implemented yet; available: %s", n, strings.Join(all.Names(), ", "))
			}
			msg := fmt.Sprintf("unknown target %q", n)
			if dym := diag.DidYouMean(n, all.Names()); dym != "" {
				msg += "; " + dym
			}
			return nil, msg + " (available: " + strings.Join(all.Names(), ", ") + ")"
		}
		want[n] = true
	}
	var out []targets.Target
	for _, t := range all.Targets {
		if want[t.Name()] {
			out = append(out, t)
		}
	}
	return out, ""
}

// output is one generated file: its path relative to the output directory
// (slash-separated), its bytes, and where it goes (the output directory joined with path).
type output struct {
	target string
	path   string
	data   []byte
	dst    string
}

// findDefaultSpec is the first of defaultSpecs in the current directory, or defaultSpec.
func findDefaultSpec() string {
	for _, name := range defaultSpecs {
		if st, err := os.Stat(name); err == nil && st.Mode().IsRegular() {
			return name
		}
	}
	return defaultSpec
}

// built is what one spec gave: the files read, the outputs (complete only without
// errors), the diagnostics, an I/O or internal error, and the time each phase took.
type built struct {
	spec    string
	files   []cue.File
	outs    []output
	ds      diag.Diagnostics
	err     error
	timings []timing
	// owned is every path some target writes for this spec, selected or not: a file
	// there is never taken for one the spec no longer writes (see orphans).
	owned map[string]bool
}

// timing is how long one phase of one spec took, for --verbose.
type timing struct {
	phase string
	d     time.Duration
}

func (b *built) timed(phase string, start time.Time) {
	b.timings = append(b.timings, timing{phase, time.Since(start)})
}

// outDir is the directory a spec's files go under: --out, or the spec's directory.
func outDir(o generateOptions, spec string) string {
	if o.out != "" {
		return o.out
	}
	return filepath.Dir(spec)
}

// buildSpec reads, compiles and emits one spec. It runs on a worker goroutine, so it
// only reads: its spec's files.
func buildSpec(o generateOptions, spec string, selected []targets.Target) *built {
	b := readBuilt(spec, "generate")
	if b.err != nil {
		return b
	}
	files := b.files
	dir := outDir(o, spec)
	srcs := make([]compile.SourceFile, len(files))
	for i, f := range files {
		srcs[i] = compile.SourceFile{Name: f.Name, Src: f.Src}
	}
	opts := compile.Options{Source: headerSource(dir, spec), Digest: compile.SourceDigest(srcs)}
	// The front end may normalise line endings in its copy; diagnostics show the files
	// as read.
	r, err := compileAndEmit(slices.Clone(files), selected, opts, b.timed)
	b.outs, b.ds, b.err = r.outs, r.ds, err
	if o.lint && err == nil {
		b.ds, b.err = lintBuilt(r, files, o.lintCfg, b.timed)
		if b.ds.HasErrors() || b.err != nil {
			b.outs = nil
		}
	}
	for i := range b.outs {
		b.outs[i].dst = filepath.Join(dir, filepath.FromSlash(b.outs[i].path))
	}
	if r.plan != nil {
		b.owned = ownedPaths(dir, r.plan)
		if o.out == "" && !o.stdout {
			// --out is the user's choice of place; the default is checked.
			b.ds = append(b.ds, unreadLocations(dir, r.plan, b.outs)...)
		}
	}
	b.ds = b.ds.Compact()
	if o.lint {
		lint.Sort(b.ds) // in pipec lint's order
	} else {
		b.ds.Sort()
	}
	return b
}

// rootOnly names the targets whose platform reads their file only at the repository's
// root: GitHub runs the workflows of .github/workflows there, CircleCI reads
// .circleci/config.yml there. (GitLab's path can be set per project, Azure's is chosen
// when the pipeline is created.)
var rootOnly = map[string]string{"github": "GitHub", "circleci": "CircleCI"}

// unreadLocations warns, at the pipeline's name, of each file a root-only platform would
// never read because the output directory lies below the root of its git repository (a
// spec in svc/api writes svc/api/.github/workflows/api.yml by default). Outside a git
// repository nothing is said: the root is not known.
func unreadLocations(dir string, plan *compile.Plan, outs []output) diag.Diagnostics {
	var ds diag.Diagnostics
	root := ""
	for _, out := range outs {
		platform, ok := rootOnly[out.target]
		if !ok {
			continue
		}
		if root == "" {
			if root = repoRoot(dir); root == "" {
				return nil
			}
			if abs, err := filepath.Abs(dir); err != nil || abs == root {
				return nil
			}
		}
		rel := relOrAbs(root)
		ds.Warnf(plan.Pipeline.NameRange, "output-location",
			fmt.Sprintf("write it at the root with --out %s (and --target for the targets whose files can sit there), or move the spec there", rel),
			"%s never reads %s: it reads %s only at the repository's root, %s", platform, out.dst, out.path, rel)
	}
	return ds
}

// repoRoot is the absolute path of the git repository (or worktree, or submodule) dir
// lies in: the nearest directory from dir up that holds .git. It is "" outside one.
func repoRoot(dir string) string {
	d, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	for {
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return ""
		}
		d = parent
	}
}

// relOrAbs is p relative to the current directory when that is shorter to read, else p.
func relOrAbs(p string) string {
	if cwd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(cwd, p); err == nil {
			return filepath.ToSlash(rel)
		}
	}
	return p
}

// ownedPaths is where each target, selected or not, writes a plan's file under dir.
func ownedPaths(dir string, plan *compile.Plan) map[string]bool {
	owned := map[string]bool{}
	for _, t := range all.Targets {
		owned[absPath(filepath.Join(dir, filepath.FromSlash(t.OutputPath(plan))))] = true
	}
	return owned
}

// emitResult is what compileAndEmit built. plan and emitted are set when the plan
// compiled without errors (a target may still have failed: outs is then empty). ds is
// every diagnostic: the front end's and the compiler's first (front of them), then the
// targets'.
type emitResult struct {
	outs    []output
	ds      diag.Diagnostics
	front   int
	plan    *compile.Plan
	emitted []lint.Emitted
}

// compileAndEmit parses, compiles and emits. The diagnostics are everything found;
// outputs are complete only when there is no error. The front end returns no pipeline on
// a syntax error; on other errors it returns what it could decode, and the compiler
// checks that too, so one run reports every problem. Targets run only on a clean plan,
// and the plan and each target's output are kept for the linter. A panic anywhere is
// returned as an internal error: pipec reports it and writes nothing. timed, when not
// nil, is told when each phase started.
func compileAndEmit(files []cue.File, selected []targets.Target, opts compile.Options, timed func(phase string, start time.Time)) (res emitResult, err error) {
	outs, ds := &res.outs, &res.ds
	defer func() {
		if r := recover(); r != nil {
			res = emitResult{ds: res.ds}
			err = fmt.Errorf("internal error (a bug in pipec; please report it with the spec): %v\n%s", r, debug.Stack())
		}
	}()
	if timed == nil {
		timed = func(string, time.Time) {}
	}
	start := time.Now()
	p, pds := parseSpec(files)
	timed("parse", start)
	ds.Append(pds)
	if p == nil {
		if !pds.HasErrors() {
			err = errors.New("internal error: the front end returned neither a pipeline nor an error")
		}
		return res, err
	}
	start = time.Now()
	plan, cds := compile.CompileWith(p, opts)
	timed("compile", start)
	ds.Append(cds)
	if ds.HasErrors() {
		return res, nil
	}
	if plan == nil {
		return res, errors.New("internal error: the compiler returned neither a plan nor an error")
	}
	start = time.Now()
	res.front = len(*ds)
	res.emitted = lint.EmittedFrom(plan, targets.EmitAll(plan, selected))
	for _, e := range res.emitted {
		ds.Append(e.Diags)
		if e.Diags.HasErrors() {
			continue
		}
		*outs = append(*outs, output{target: e.Target, path: e.Path, data: e.YAML})
	}
	timed("emit", start)
	res.plan = plan
	if ds.HasErrors() {
		*outs = nil
	}
	return res, nil
}

// lintBuilt lints a spec generate has just built, as pipec lint does: lintResult, then
// .pipec.hcl and the spec's ignore comments.
func lintBuilt(r emitResult, files []cue.File, cfg *lintConfig, timed func(phase string, start time.Time)) (diag.Diagnostics, error) {
	ds, err := lintResult(r, timed)
	name := files[0].Name
	return suppress(files, cfg.apply(name, ds)), err
}

// lintResult is what pipec lint reports on a built spec: with a plan, the parse and
// compile diagnostics and lint.LintEmitted's (the targets' errors as they are, and the
// rules' findings, the targets' warnings among them); without one, every diagnostic
// found. timed, when not nil, is told when linting started.
// A rule's panic is returned as an internal error.
func lintResult(r emitResult, timed func(phase string, start time.Time)) (ds diag.Diagnostics, err error) {
	if r.plan == nil {
		return r.ds, nil
	}
	defer func() {
		if p := recover(); p != nil {
			ds, err = nil, fmt.Errorf("internal error (a bug in pipec; please report it with the spec): %v\n%s", p, debug.Stack())
		}
	}()
	start := time.Now()
	ds = append(slices.Clone(r.ds[:r.front]), lint.LintEmitted(r.plan, r.emitted)...)
	if timed != nil {
		timed("lint", start)
	}
	return ds, nil
}

// headerSource is the spec's path as the generated files' headers name it: relative to
// the output directory, where the files' repository has its root, and slash-separated,
// so the bytes are the same on every machine and in every checkout. A spec the output
// directory cannot reach by a relative path (another drive) is named by its base name.
func headerSource(outDir, spec string) string {
	absOut, err1 := filepath.Abs(outDir)
	absSpec, err2 := filepath.Abs(spec)
	if err1 == nil && err2 == nil {
		if rel, err := filepath.Rel(absOut, absSpec); err == nil {
			return filepath.ToSlash(rel)
		}
	}
	return filepath.Base(spec)
}

// summary counts errors and warnings: "2 errors, 1 warning", or "" when there are none.
func summary(ds diag.Diagnostics) string {
	errs, warns := ds.Count()
	var parts []string
	if errs > 0 {
		parts = append(parts, plural(errs, "error"))
	}
	if warns > 0 {
		parts = append(parts, plural(warns, "warning"))
	}
	return strings.Join(parts, ", ")
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// readSpec reads the spec file. A .cue file that declares a package brings the other
// .cue files of its directory in the same package along, as CUE reads a package; the
// named file comes first. Names are as the user gave them (slash-separated), so
// diagnostics point where the user looks.
func readSpec(file string) ([]cue.File, error) {
	src, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	files := []cue.File{{Name: filepath.ToSlash(file), Src: src}}
	if !strings.EqualFold(filepath.Ext(file), ".cue") {
		return files, nil
	}
	pkg := cuePackage(src)
	if pkg == "" {
		return files, nil
	}
	dir := filepath.Dir(file)
	others, err := filepath.Glob(filepath.Join(dir, "*.cue"))
	if err != nil {
		return nil, err
	}
	slices.Sort(others)
	for _, o := range others {
		if same, _ := sameFile(o, file); same {
			continue
		}
		osrc, err := os.ReadFile(o)
		if err != nil {
			return nil, err
		}
		if cuePackage(osrc) == pkg {
			files = append(files, cue.File{Name: filepath.ToSlash(o), Src: osrc})
		}
	}
	return files, nil
}

func sameFile(a, b string) (bool, error) {
	sa, err := os.Stat(a)
	if err != nil {
		return false, err
	}
	sb, err := os.Stat(b)
	if err != nil {
		return false, err
	}
	return os.SameFile(sa, sb), nil
}

// cuePackage finds a CUE file's package clause ("package name" on a line of its own,
// before any field), or "".
func cuePackage(src []byte) string {
	for _, line := range strings.Split(string(src), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "//") || strings.HasPrefix(line, "@") {
			continue
		}
		if rest, ok := strings.CutPrefix(line, "package "); ok {
			return strings.TrimSpace(rest)
		}
		return ""
	}
	return ""
}

// noSpecHint is the error of a command run without FILE where there is no spec: which
// names it looked for, how to name one, and how to start one. ("open pipeline.hcl: no
// such file" named only the first name, as if that were the one missing.)
func noSpecHint(cmd string) string {
	return fmt.Sprintf("no spec in the current directory (none of %s): give the spec's path, pipec %s FILE, or write one with pipec init",
		strings.Join(defaultSpecs, ", "), cmd)
}

// readBuilt starts a spec's result by reading its files (timed as "read"). On failure
// b.err says why, and a missing default spec adds how to name one to pipec cmd.
func readBuilt(spec, cmd string) *built {
	b := &built{spec: spec}
	start := time.Now()
	files, err := readSpec(spec)
	b.timed("read", start)
	if err != nil {
		msg := err.Error()
		if spec == defaultSpec && errors.Is(err, fs.ErrNotExist) {
			msg = noSpecHint(cmd)
		}
		b.err = errors.New(msg)
		return b
	}
	b.files = files
	return b
}
