package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/pflag"

	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/lang/cue"
	"github.com/pipec-dev/pipec/lang/hcl"
)

// fmtOptions are fmt's flags.
type fmtOptions struct {
	check     bool
	stdinName string // --stdin-filename: the name of the text read from standard input
}

func fmtFlags(o *fmtOptions) (*pflag.FlagSet, *bool) {
	fs := pflag.NewFlagSet("fmt", pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.SortFlags = false
	fs.BoolVar(&o.check, "check", false, "change nothing: list the files that are not formatted, and exit 1 if there is one")
	fs.StringVar(&o.stdinName, "stdin-filename", "", "with FILE -: the name of the text on standard input in diagnostics; its extension picks the format (HCL without it)")
	help := fs.BoolP("help", "h", false, "show this help")
	return fs, help
}

func fmtUsage() string {
	fs, _ := fmtFlags(&fmtOptions{})
	return `Usage:
  pipec fmt [FILE...] [flags]
  pipec fmt - [--stdin-filename NAME] [--check]

Rewrites each spec in its canonical layout, and prints the name of each file it changed.
Without FILE it formats the first of these in the current directory:
` + strings.Join(defaultSpecs, ", ") + `.
FILE may be a directory (its spec, the first of those names in it) or a pattern DIR/...
(./... for the current directory), as for pipec generate; a spec so found (or found
without FILE) that is a CUE package is every .cue file of the package in its directory.

Only the layout changes, never what the spec says: comments are kept, and a file already
formatted is not touched. A file is written whole: a temporary file beside it, then
renamed into place.

  .hcl   HCL's canonical layout (hclwrite, as terraform fmt): two-space indent, aligned =
  .cue   CUE's (as cue fmt): tab indent, aligned values
  .json  two-space indent, keys in their order, values as written
  .yaml  not formatted (no formatter keeps every YAML comment and block as written):
  .yml   pipec fmt says so and leaves the file as it is

A file with a syntax error is not changed: its errors are printed as
FILE:LINE:COL: error: ... [syntax]. Each .cue file is formatted alone, and a .cue FILE
named on its own is the only file formatted, not the other files of its package.

FILE - formats the text on standard input and writes it to standard output, for editors
that pipe a buffer through a formatter. Its format is that of --stdin-filename's
extension (HCL without the flag), and diagnostics name it so. Text with a syntax error
gets its errors on stderr, exit 1 and nothing on stdout; YAML is written as it came. With
--check nothing is written: exit 1 (and the name on stdout) if it is not formatted.

Flags:
` + fs.FlagUsages() + `
Exit codes: 0 done (or, with --check, every file formatted), 1 a file has a syntax error
or, with --check, is not formatted, 2 usage or I/O error.
`
}

func cmdFmt(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	var o fmtOptions
	fs, help := fmtFlags(&o)
	if err := fs.Parse(args); err != nil {
		return usageError(stderr, "fmt", flagError(fs, err))
	}
	if *help {
		fmt.Fprint(stdout, fmtUsage())
		return exitOK
	}
	check := o.check
	files := fs.Args()
	if slices.Contains(files, "-") || fs.Changed("stdin-filename") {
		if len(files) != 1 || files[0] != "-" {
			return usageError(stderr, "fmt", "standard input is formatted alone: give - as the only FILE (with --stdin-filename NAME to name it)")
		}
		return fmtStdin(o, stdin, stdout, stderr)
	}
	if len(files) == 0 {
		files = []string{findDefaultSpec()}
	}
	// Every name is checked before any file is read, so a typo in the last argument does
	// not leave the first files rewritten and the rest not.
	// A directory and a pattern name specs as they do for generate and lint.
	for _, f := range files {
		if msg := checkSpecName(f); msg != "" {
			return usageError(stderr, "fmt", msg)
		}
	}
	files, err := fmtFiles(files, len(fs.Args()) == 0)
	if err != nil {
		fmt.Fprintf(stderr, "pipec: %v\n", err)
		return exitUsage
	}
	code := exitOK
	worse := func(c int) {
		if c > code {
			code = c
		}
	}
	for _, f := range files {
		if c := fmtFile(f, check, len(fs.Args()) == 0, stdout, stderr); c == exitInterrupted {
			return c // Ctrl-C: the files after this one stay as they are
		} else {
			worse(c)
		}
	}
	return code
}

// fmtFiles lists the files fmt works on, once each and sorted by path: a file named as
// itself, and for a directory, a pattern or no FILE at all, every file of each spec it
// stands for. A CUE spec that declares a package is all the package's files in its
// directory, as generate reads it: `pipec fmt --check ./...` passed while stages.cue,
// beside pipeline.cue, was not formatted.
func fmtFiles(args []string, isDefault bool) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	add := func(p string) {
		if p = filepath.Clean(p); !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	for _, arg := range args {
		if st, err := os.Stat(arg); !isDefault && !isPattern(arg) && (err != nil || !st.IsDir()) {
			add(arg)
			continue
		}
		list, err := expandSpecs([]string{arg})
		if err != nil {
			return nil, err
		}
		for _, spec := range list.specs {
			add(spec)
			// A spec that cannot be read is reported by fmtFile, with the others.
			files, _ := readSpec(spec)
			for _, f := range files {
				add(filepath.FromSlash(f.Name))
			}
		}
	}
	slices.SortFunc(out, comparePaths)
	return out, nil
}

// fmtFile formats one file (or, with check, only compares) and returns its exit code.
func fmtFile(file string, check, isDefault bool, stdout, stderr io.Writer) int {
	format := formatterOf(file)
	if format == nil {
		// YAML: say so once per file, on stderr, so a script that reads the list of
		// changed files from stdout is not misled.
		if _, err := os.Stat(file); err != nil {
			return fmtReadError(file, err, isDefault, stderr)
		}
		fmt.Fprintf(stderr, "pipec fmt: %s: not formatted: pipec does not format YAML (no formatter keeps every comment and block as written); left as it is\n", file)
		return exitOK
	}
	src, err := os.ReadFile(file)
	if err != nil {
		return fmtReadError(file, err, isDefault, stderr)
	}
	name := filepath.ToSlash(file)
	out, ds := format(name, src)
	if ds.HasErrors() {
		diag.WriteText(stderr, ds, diag.Sources{name: src})
		fmt.Fprintf(stderr, "pipec fmt: %s: %s; the file is not changed\n", name, summary(ds))
		return exitSpec
	}
	if bytes.Equal(out, src) {
		return exitOK
	}
	if check {
		fmt.Fprintln(stdout, name)
		return exitSpec
	}
	if err := replaceFile(file, out); err != nil {
		fmt.Fprintf(stderr, "pipec: %s: %v\n", name, err)
		if errors.Is(err, errInterrupted) {
			return exitInterrupted
		}
		return exitUsage
	}
	fmt.Fprintln(stdout, name)
	return exitOK
}

// stdinName names standard input's text in diagnostics without --stdin-filename; the
// text is then HCL, the format init writes and pipec reads first.
const stdinName = "<stdin>"

// fmtStdin formats the text on stdin and writes it whole to stdout, as gofmt, terraform
// fmt - and cue fmt - do, for editors that pipe a buffer through a formatter. Nothing
// reaches stdout unless the whole text was formatted: an editor replaces its buffer with
// what it gets.
func fmtStdin(o fmtOptions, stdin io.Reader, stdout, stderr io.Writer) int {
	name, format := stdinName, hcl.Format
	if o.stdinName != "" {
		// The name need not exist (an editor's unsaved buffer): only its extension counts.
		if ext := filepath.Ext(o.stdinName); !slices.ContainsFunc(specFormats, func(e string) bool { return strings.EqualFold(e, ext) }) {
			return usageError(stderr, "fmt", fmt.Sprintf("--stdin-filename %s: unsupported spec format (%q); supported: %s", o.stdinName, ext, strings.Join(specFormats, ", ")))
		}
		name, format = filepath.ToSlash(o.stdinName), formatterOf(o.stdinName)
	}
	if stdin == nil {
		stdin = strings.NewReader("")
	}
	src, err := io.ReadAll(stdin)
	if err != nil {
		fmt.Fprintf(stderr, "pipec: reading standard input: %v\n", err)
		return exitUsage
	}
	out := src
	if format == nil {
		fmt.Fprintf(stderr, "pipec fmt: %s: not formatted: pipec does not format YAML (no formatter keeps every comment and block as written); written as it came\n", name)
	} else {
		var ds diag.Diagnostics
		if out, ds = format(name, src); ds.HasErrors() {
			diag.WriteText(stderr, ds, diag.Sources{name: src})
			fmt.Fprintf(stderr, "pipec fmt: %s: %s; nothing is written\n", name, summary(ds))
			return exitSpec
		}
	}
	if o.check {
		if bytes.Equal(out, src) {
			return exitOK
		}
		fmt.Fprintln(stdout, name)
		return exitSpec
	}
	if _, err := stdout.Write(out); err != nil {
		fmt.Fprintf(stderr, "pipec: writing to stdout: %v\n", err)
		return exitUsage
	}
	return exitOK
}

// formatterOf is the formatter of a file by its extension, nil for YAML (and any other),
// which pipec does not format.
func formatterOf(file string) func(string, []byte) ([]byte, diag.Diagnostics) {
	switch strings.ToLower(filepath.Ext(file)) {
	case ".hcl":
		return hcl.Format
	case ".cue":
		return cue.FormatCUE
	case ".json":
		return cue.FormatJSON
	}
	return nil
}

func fmtReadError(file string, err error, isDefault bool, stderr io.Writer) int {
	msg := err.Error()
	if isDefault && errors.Is(err, fs.ErrNotExist) {
		msg = noSpecHint("fmt")
	}
	fmt.Fprintf(stderr, "pipec: %s\n", msg)
	return exitUsage
}

// replaceFile writes data over file atomically (a temporary file beside it, then a
// rename), keeping its mode. A symbolic link stays a link: the file it points to is
// replaced.
func replaceFile(file string, data []byte) error {
	dst, err := filepath.EvalSymlinks(file)
	if err != nil {
		return err
	}
	intr := catchInterrupt()
	defer intr.stop()
	tmp, err := writeTemp(dst, data)
	if err != nil {
		return err
	}
	if intr.caught() {
		os.Remove(tmp)
		return errInterrupted
	}
	if err := os.Rename(tmp, dst); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", file, err)
	}
	return nil
}
