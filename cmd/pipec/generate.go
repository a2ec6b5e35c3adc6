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

	"github.com/spf13/pflag"

	"github.com/pipec-dev/pipec/compile"
	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/lang/cue"
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
	file    string
	targets []string
	out     string
	stdout  bool
	quiet   bool
}

func generateFlags(o *generateOptions) (*pflag.FlagSet, *bool) {
	fs := pflag.NewFlagSet("generate", pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.SortFlags = false
	fs.StringSliceVarP(&o.targets, "target", "t", nil,
		"targets to emit: a comma-separated list, or the flag repeated\n(default: every target: "+strings.Join(all.Names(), ", ")+")")
	fs.StringVarP(&o.out, "out", "o", "", "directory the files are written under (default: the spec's directory)")
	fs.BoolVar(&o.stdout, "stdout", false, "print the files to stdout instead of writing them")
	fs.BoolVarP(&o.quiet, "quiet", "q", false, "do not print a \"wrote PATH\" line per file")
	help := fs.BoolP("help", "h", false, "show this help")
	return fs, help
}

func generateUsage() string {
	fs, _ := generateFlags(&generateOptions{})
	return `Usage:
  pipec generate [FILE] [flags]

Checks and compiles FILE (default: the first of ` + strings.Join(defaultSpecs, ", ") + `
in the current directory) and writes one
file per target under --out, at the target's usual place: .github/workflows/NAME.yml for
github. Diagnostics, warnings included, go to stderr as FILE:LINE:COL: error: ... [code].
When the spec has an error, nothing is written. Supported spec formats: ` + strings.Join(specFormats, ", ") + `;
a .cue file with a package clause is read with the other .cue files of its directory in
that package.

Flags:
` + fs.FlagUsages() + `
Exit codes: 0 success (warnings allowed), 1 the spec has errors, 2 usage or I/O error.
`
}

func cmdGenerate(args []string, stdout, stderr io.Writer) int {
	var o generateOptions
	fs, help := generateFlags(&o)
	if err := fs.Parse(args); err != nil {
		return usageError(stderr, "generate", err.Error())
	}
	if *help {
		fmt.Fprint(stdout, generateUsage())
		return exitOK
	}
	switch fs.NArg() {
	case 0:
		o.file = findDefaultSpec()
	case 1:
		o.file = fs.Arg(0)
	default:
		return usageError(stderr, "generate", fmt.Sprintf("give one spec file, got %d: %s", fs.NArg(), strings.Join(fs.Args(), " ")))
	}
	if o.stdout && fs.Changed("out") {
		return usageError(stderr, "generate", "--out and --stdout cannot be used together")
	}
	if o.file == "" {
		return usageError(stderr, "generate", "the spec file name is empty")
	}
	if ext := filepath.Ext(o.file); !slices.ContainsFunc(specFormats, func(f string) bool { return strings.EqualFold(f, ext) }) {
		what := fmt.Sprintf("%q", ext)
		if ext == "" {
			what = "no extension"
		}
		return usageError(stderr, "generate", fmt.Sprintf("%s: unsupported spec format (%s); supported: %s", o.file, what, strings.Join(specFormats, ", ")))
	}
	if fs.Changed("target") && len(o.targets) == 0 {
		o.targets = []string{""} // --target "": say so rather than emit every target
	}
	selected, msg := selectTargets(o.targets)
	if msg != "" {
		return usageError(stderr, "generate", msg)
	}
	return generate(o, selected, stdout, stderr)
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
// (slash-separated) and its bytes.
type output struct {
	target string
	path   string
	data   []byte
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

func generate(o generateOptions, selected []targets.Target, stdout, stderr io.Writer) int {
	files, err := readSpec(o.file)
	if err != nil {
		msg := err.Error()
		if o.file == defaultSpec && errors.Is(err, fs.ErrNotExist) {
			msg += " (give the spec's path: pipec generate FILE)"
		}
		fmt.Fprintf(stderr, "pipec: %s\n", msg)
		return exitUsage
	}
	dir := o.out
	if dir == "" {
		dir = filepath.Dir(o.file)
	}
	outs, ds, err := build(files, selected, headerSource(dir, o.file))
	if err != nil {
		fmt.Fprintf(stderr, "pipec: %v\n", err)
		return exitUsage
	}
	ds.Sort()
	sources := diag.Sources{}
	for _, f := range files {
		sources[f.Name] = f.Src
	}
	diag.WriteText(stderr, ds, sources)
	if s := summary(ds); s != "" {
		fmt.Fprintf(stderr, "pipec: %s\n", s)
	}
	if ds.HasErrors() {
		return exitSpec
	}
	for _, out := range outs {
		if p := filepath.FromSlash(out.path); out.path == "" || !filepath.IsLocal(p) {
			fmt.Fprintf(stderr, "pipec: internal error: target %s wants to write outside the output directory: %q\n", out.target, out.path)
			return exitUsage
		}
	}
	if o.stdout {
		if err := printOutputs(stdout, outs); err != nil {
			fmt.Fprintf(stderr, "pipec: writing to stdout: %v\n", err)
			return exitUsage
		}
		return exitOK
	}
	written, err := writeOutputs(dir, outs)
	if !o.quiet {
		for _, p := range written {
			fmt.Fprintf(stderr, "wrote %s\n", p)
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "pipec: %v\n", err)
		return exitUsage
	}
	return exitOK
}

// build parses, compiles and emits. The diagnostics are everything found; outputs are
// complete only when there is no error. The front end returns no pipeline on a syntax
// error; on other errors it returns what it could decode, and the compiler checks that
// too, so one run reports every problem. Targets run only on a clean plan. A panic
// anywhere is returned as an internal error: pipec reports it and writes nothing.
func build(files []cue.File, selected []targets.Target, source string) (outs []output, ds diag.Diagnostics, err error) {
	defer func() {
		if r := recover(); r != nil {
			outs = nil
			err = fmt.Errorf("internal error (a bug in pipec; please report it with the spec): %v\n%s", r, debug.Stack())
		}
	}()
	// The digest is of the bytes as read: the front ends may normalise line endings.
	srcs := make([]compile.SourceFile, len(files))
	for i, f := range files {
		srcs[i] = compile.SourceFile{Name: f.Name, Src: f.Src}
	}
	opts := compile.Options{Source: source, Digest: compile.SourceDigest(srcs)}
	p, pds := parseSpec(files)
	ds.Append(pds)
	if p == nil {
		if !pds.HasErrors() {
			err = errors.New("internal error: the front end returned neither a pipeline nor an error")
		}
		return nil, ds, err
	}
	plan, cds := compile.CompileWith(p, opts)
	ds.Append(cds)
	if ds.HasErrors() {
		return nil, ds, nil
	}
	if plan == nil {
		return nil, ds, errors.New("internal error: the compiler returned neither a plan nor an error")
	}
	for _, t := range selected {
		data, eds := t.Emit(plan)
		ds.Append(eds)
		if eds.HasErrors() {
			continue
		}
		outs = append(outs, output{target: t.Name(), path: t.OutputPath(plan), data: data})
	}
	if ds.HasErrors() {
		outs = nil
	}
	return outs, ds, nil
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
