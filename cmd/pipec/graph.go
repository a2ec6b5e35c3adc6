package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/spf13/pflag"

	"github.com/pipec-dev/pipec/compile"
	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/lang/cue"
	"github.com/pipec-dev/pipec/targets/graph"
)

func graphFlags(format *string) (*pflag.FlagSet, *bool) {
	fs := pflag.NewFlagSet("graph", pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.SortFlags = false
	fs.StringVarP(format, "format", "f", graph.Formats[0], "diagram language: "+strings.Join(graph.Formats, " or "))
	help := fs.BoolP("help", "h", false, "show this help")
	return fs, help
}

func graphUsage() string {
	fs, _ := graphFlags(new(string))
	return `Usage:
  pipec graph [FILE] [flags]

Checks and compiles FILE (default: the first of ` + strings.Join(defaultSpecs, ", ") + `
in the current directory) and prints the jobs it compiles to, with what each waits for, as
a diagram: what will run, after deploy strategies are laid out. Each box is a job, named
by its stage and what it does (a canary increment, a blue/green switch, a rollback) with
its matrix and condition; a hexagon is an approval a person gives; a dashed arrow "on
failure" leads to a rollback job, which runs only when the deploy fails.

  pipec graph > pipeline.mmd                       Mermaid: GitHub and GitLab draw it in
                                                   Markdown, inside a mermaid code block
  pipec graph --format dot | dot -Tsvg > graph.svg Graphviz

Diagnostics go to stderr as in pipec generate; with an error nothing is printed. The
diagram is the plan every target is emitted from: a target's own errors are reported by
pipec generate.

Flags:
` + fs.FlagUsages() + `
Exit codes: 0 success (warnings allowed), 1 the spec has errors, 2 usage or I/O error.
`
}

func cmdGraph(args []string, stdout, stderr io.Writer) int {
	var format string
	fs, help := graphFlags(&format)
	if err := fs.Parse(args); err != nil {
		return usageError(stderr, "graph", flagError(fs, err))
	}
	if *help {
		fmt.Fprint(stdout, graphUsage())
		return exitOK
	}
	if !slices.Contains(graph.Formats, format) {
		return usageError(stderr, "graph", valueError("--format", format, graph.Formats))
	}
	var file string
	switch fs.NArg() {
	case 0:
		file = findDefaultSpec()
	case 1:
		file = fs.Arg(0)
	default:
		return usageError(stderr, "graph", fmt.Sprintf("give one spec file, got %d: %s", fs.NArg(), strings.Join(fs.Args(), " ")))
	}
	if isPattern(file) {
		return usageError(stderr, "graph", fmt.Sprintf("%s: give one spec file or directory, not a pattern", file))
	}
	if msg := checkSpecName(file); msg != "" {
		return usageError(stderr, "graph", msg)
	}
	if fi, err := os.Stat(file); err == nil && fi.IsDir() {
		// The directory's spec, as generate, lint and fmt read it.
		list, err := expandSpecs([]string{file})
		if err != nil {
			fmt.Fprintf(stderr, "pipec: %v\n", err)
			return exitUsage
		}
		file = list.specs[0]
	}
	files, err := readSpec(file)
	if err != nil {
		msg := err.Error()
		if fs.NArg() == 0 && errors.Is(err, os.ErrNotExist) {
			msg = noSpecHint("graph")
		}
		fmt.Fprintf(stderr, "pipec: %s\n", msg)
		return exitUsage
	}
	plan, ds, err := compileSpec(files)
	if err != nil {
		fmt.Fprintf(stderr, "pipec: %v\n", err)
		return exitUsage
	}
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
	if _, err := stdout.Write(graph.Render(plan, format)); err != nil {
		fmt.Fprintf(stderr, "pipec: writing to stdout: %v\n", err)
		return exitUsage
	}
	return exitOK
}

// compileSpec parses and compiles a spec without emitting it; the plan is nil when there
// is an error. A panic is returned as an internal error, as generate does.
func compileSpec(files []cue.File) (plan *compile.Plan, ds diag.Diagnostics, err error) {
	defer func() {
		if r := recover(); r != nil {
			plan = nil
			err = fmt.Errorf("internal error (a bug in pipec; please report it with the spec): %v\n%s", r, debug.Stack())
		}
	}()
	p, pds := parseSpec(files)
	ds.Append(pds)
	if p == nil {
		if !pds.HasErrors() {
			err = errors.New("internal error: the front end returned neither a pipeline nor an error")
		}
		return nil, ds, err
	}
	plan, cds := compile.Compile(p, files[0].Name)
	ds.Append(cds)
	ds = ds.Compact()
	ds.Sort()
	if ds.HasErrors() {
		return nil, ds, nil
	}
	if plan == nil {
		return nil, ds, errors.New("internal error: the compiler returned neither a plan nor an error")
	}
	return plan, ds, nil
}
