package main

import (
	"fmt"
	"io"
	"runtime/debug"
	"strings"

	"github.com/spf13/pflag"

	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/schema"
)

// Exit codes.
const (
	exitOK    = 0 // success; warnings allowed
	exitSpec  = 1 // the spec has errors
	exitUsage = 2 // usage or I/O error
)

const mainUsage = `pipec compiles CI/CD pipeline specs (HCL, CUE, JSON or YAML) into native CI
configuration for GitHub Actions, GitLab CI, CircleCI and Azure Pipelines, and lints them.

Usage:
  pipec generate [FILE...] [flags]  check specs and write their CI files (--check: diff only)
  pipec lint [FILE...] [flags]      check specs with pipec's rules and actionlint
  pipec fmt [FILE...] [--check]     rewrite specs in their canonical layout (-: stdin to stdout)
  pipec graph [FILE] [flags]        draw the jobs a spec compiles to (Mermaid or DOT)
  pipec init [DIR] [--force]        write a starter pipeline.hcl for the project in DIR
  pipec explain RULE                describe a lint rule (--list: every rule)
  pipec schema [--format json|cue]  print the language's JSON Schema or CUE schema
  pipec completion bash|zsh|fish    print a shell completion script
  pipec version                     print pipec's version
  pipec help [COMMAND]              show help for pipec or for a command

FILE defaults to the first of pipeline.hcl, pipeline.cue, pipeline.yaml, pipeline.yml,
pipeline.json in the current directory; a directory is its spec, and DIR/... (./...) is
every spec below DIR.
generate and lint take --quiet, --verbose and --color auto|always|never; colour is on
for a terminal unless NO_COLOR is set. Run 'pipec help COMMAND' for a command's flags.

Exit codes: 0 success (warnings allowed); 1 the spec has errors (generate --check: a
file is out of date; lint: a finding reaches --fail-on); 2 usage or I/O error.
`

const versionUsage = `Usage:
  pipec version

Prints "pipec VERSION": the module version pipec was built from, or "devel".
`

const schemaUsage = `Usage:
  pipec schema [--format json|cue]

Prints the schema of the spec language: a JSON Schema (draft 2020-12, the default) that
editors use to check pipeline.json and pipeline.yaml, or the CUE schema (#File, #Pipeline,
#Stage, ...) for cue vet. Both are generated from one description of the language.
`

// run is the whole command: it parses args (without the program name), writes results to
// stdout and messages to stderr, and returns the exit code.
func run(args []string, stdout, stderr io.Writer) int {
	return runConsole(args, processConsole(stdout, stderr))
}

// runConsole is run with the console given: tests choose the environment and whether
// the streams are terminals.
func runConsole(args []string, c console) int {
	stdout, stderr := c.stdout, c.stderr
	if len(args) == 0 {
		fmt.Fprint(stderr, mainUsage)
		return exitUsage
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "generate":
		return cmdGenerate(rest, c)
	case "lint":
		return cmdLint(rest, c)
	case "fmt":
		return cmdFmt(rest, c.stdin, stdout, stderr)
	case "graph":
		return cmdGraph(rest, stdout, stderr)
	case "init":
		return cmdInit(rest, stdout, stderr)
	case "explain":
		return cmdExplain(rest, stdout, stderr)
	case "schema":
		return cmdSchema(rest, stdout, stderr)
	case "completion":
		return cmdCompletion(rest, stdout, stderr)
	case "version", "--version":
		return cmdVersion(rest, stdout, stderr)
	case "help", "-h", "--help":
		return cmdHelp(rest, stdout, stderr)
	}
	if strings.HasPrefix(cmd, "-") {
		msg := fmt.Sprintf("unknown flag %s before a command", cmd)
		if s := diag.Suggest(strings.TrimLeft(cmd, "-"), []string{"help", "version"}); s != "" {
			msg += fmt.Sprintf("; did you mean --%s?", s)
		}
		return usageError(stderr, "", msg)
	}
	msg := fmt.Sprintf("unknown command %q", cmd)
	if dym := diag.DidYouMean(cmd, commandNames()); dym != "" {
		msg += "; " + dym
	}
	return usageError(stderr, "", msg)
}

func cmdHelp(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stdout, mainUsage)
		return exitOK
	}
	if len(args) > 1 {
		return usageError(stderr, "help", "give at most one command")
	}
	switch args[0] {
	case "generate":
		fmt.Fprint(stdout, generateUsage())
	case "version":
		fmt.Fprint(stdout, versionUsage)
	case "lint":
		fmt.Fprint(stdout, lintUsage())
	case "fmt":
		fmt.Fprint(stdout, fmtUsage())
	case "graph":
		fmt.Fprint(stdout, graphUsage())
	case "init":
		fmt.Fprint(stdout, initUsage())
	case "explain":
		fmt.Fprint(stdout, explainUsage)
	case "schema":
		fmt.Fprint(stdout, schemaUsage)
	case "completion":
		fmt.Fprint(stdout, completionUsage)
	case "help":
		fmt.Fprint(stdout, mainUsage)
	default:
		msg := fmt.Sprintf("unknown command %q", args[0])
		if dym := diag.DidYouMean(args[0], commandNames()); dym != "" {
			msg += "; " + dym
		}
		return usageError(stderr, "help", msg)
	}
	return exitOK
}

func cmdVersion(args []string, stdout, stderr io.Writer) int {
	fs, help := helpOnlyFlags("version")
	if err := fs.Parse(args); err != nil {
		return usageError(stderr, "version", flagError(fs, err))
	}
	if *help {
		fmt.Fprint(stdout, versionUsage)
		return exitOK
	}
	if fs.NArg() > 0 {
		return usageError(stderr, "version", fmt.Sprintf("unexpected argument %q", fs.Arg(0)))
	}
	fmt.Fprintf(stdout, "pipec %s\n", version())
	return exitOK
}

// usageError prints `pipec CMD: msg` and where to find help, and returns exitUsage.
func usageError(stderr io.Writer, cmd, msg string) int {
	prog, help := "pipec", "pipec --help"
	if cmd != "" {
		prog, help = "pipec "+cmd, "pipec "+cmd+" --help"
	}
	fmt.Fprintf(stderr, "%s: %s\nRun '%s' for usage.\n", prog, msg, help)
	return exitUsage
}

// version is the main module's version from the build info: a tag such as v0.3.0 when
// built with `go install ...@v0.3.0`, else "devel".
func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		if v := bi.Main.Version; v != "" && v != "(devel)" {
			return v
		}
	}
	return "devel"
}

// cmdSchema prints the embedded JSON Schema or CUE schema.
func schemaFlags(format *string) (*pflag.FlagSet, *bool) {
	fs := pflag.NewFlagSet("schema", pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.SortFlags = false
	fs.StringVar(format, "format", "json", "json (JSON Schema) or cue (CUE schema)")
	help := fs.BoolP("help", "h", false, "show this help")
	return fs, help
}

// schemaFormats are the values of schema --format.
var schemaFormats = []string{"json", "cue"}

func cmdSchema(args []string, stdout, stderr io.Writer) int {
	var format string
	fs, help := schemaFlags(&format)
	if err := fs.Parse(args); err != nil {
		return usageError(stderr, "schema", flagError(fs, err))
	}
	if *help {
		fmt.Fprint(stdout, schemaUsage)
		return exitOK
	}
	if fs.NArg() > 0 {
		return usageError(stderr, "schema", fmt.Sprintf("unexpected argument %q", fs.Arg(0)))
	}
	var out []byte
	switch format {
	case "json":
		out = schema.JSONSchema()
	case "cue":
		out = schema.CUE()
	default:
		return usageError(stderr, "schema", valueError("--format", format, schemaFormats))
	}
	if _, err := stdout.Write(out); err != nil {
		fmt.Fprintf(stderr, "pipec: writing to stdout: %v\n", err)
		return exitUsage
	}
	return exitOK
}

// flagError is the message for a flag fs could not parse: pflag's own, with a "did you
// mean" when an unknown long flag is a typo of one the command has (--chek for --check),
// so every command answers a misspelt flag as it answers a misspelt command.
func flagError(fs *pflag.FlagSet, err error) string {
	msg := err.Error()
	name, ok := strings.CutPrefix(msg, "unknown flag: --")
	if !ok {
		return msg
	}
	name, _, _ = strings.Cut(name, "=")
	var names []string
	fs.VisitAll(func(f *pflag.Flag) { names = append(names, f.Name) })
	if s := diag.Suggest(name, names); s != "" {
		msg += fmt.Sprintf("; did you mean --%s?", s)
	}
	return msg
}

// valueError is the message for a flag value not among values: what was given, a "did
// you mean" when it is a typo of one (--fail-on warn), and the values to give.
func valueError(flag, got string, values []string) string {
	msg := fmt.Sprintf("unknown %s %q; give %s", flag, got, strings.Join(values, ", "))
	if dym := diag.DidYouMean(got, values); dym != "" {
		msg += ": " + dym
	}
	return msg
}
