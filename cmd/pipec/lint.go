package main

import (
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/spf13/pflag"

	"github.com/pipec-dev/pipec/compile"
	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/internal/par"
	"github.com/pipec-dev/pipec/lang/cue"
	"github.com/pipec-dev/pipec/lint"
	"github.com/pipec-dev/pipec/targets"
	"github.com/pipec-dev/pipec/targets/all"
)

var lintFormats = []string{"text", "json", "sarif", "github", "gitlab"}

type lintOptions struct {
	targets []string
	format  string
	failOn  string
	config  string
	changed bool // the FILEs are changed files: lint the specs that read them
	outputFlags
}

func lintFlags(o *lintOptions) (*pflag.FlagSet, *bool) {
	fs := pflag.NewFlagSet("lint", pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.SortFlags = false
	fs.StringVarP(&o.format, "format", "f", "text", "output format: "+strings.Join(lintFormats, ", "))
	fs.StringSliceVarP(&o.targets, "target", "t", nil, "targets whose output is checked (default: every target)")
	fs.StringVar(&o.failOn, "fail-on", "error", "exit 1 when a finding is at least this severe: error, warning or info")
	fs.StringVar(&o.config, "config", "", "lint configuration file (default: .pipec.hcl in the current directory, if any)")
	addOutputFlags(fs, &o.outputFlags, "only the findings that reach --fail-on, no summary",
		"the files read and the time of each phase")
	addChangedFlag(fs, &o.changed)
	help := fs.BoolP("help", "h", false, "show this help")
	return fs, help
}

func lintUsage() string {
	fs, _ := lintFlags(&lintOptions{})
	return `Usage:
  pipec lint [FILE...] [flags]

Checks each spec (default: the first of
` + strings.Join(defaultSpecs, ", ") + `
in the current directory) with pipec's rules (security, correctness, portability) and
with actionlint on the generated GitHub workflow, and prints the findings. Compile errors are
findings too. 'pipec explain RULE' describes a rule. FILE may be a directory (its spec)
or a pattern DIR/... (./... for the current directory), as for pipec generate. Specs are linted in parallel; the
findings come sorted by file and position.

Suppress a finding with a comment on its line or the line above:
  # pipec:ignore[RULE] why it does not apply here

Flags:
` + fs.FlagUsages() + `
Exit codes: 0 no finding reaches --fail-on, 1 one does, 2 usage or I/O error.
`
}

func cmdLint(args []string, c console) int {
	var o lintOptions
	fs, help := lintFlags(&o)
	if err := fs.Parse(args); err != nil {
		return usageError(c.stderr, "lint", flagError(fs, err))
	}
	if *help {
		fmt.Fprint(c.stdout, lintUsage())
		return exitOK
	}
	if msg := checkOutputFlags(o.outputFlags); msg != "" {
		return usageError(c.stderr, "lint", msg)
	}
	if !slices.Contains(lintFormats, o.format) {
		return usageError(c.stderr, "lint", valueError("--format", o.format, lintFormats))
	}
	failOn, ok := parseSeverity(o.failOn)
	if !ok {
		return usageError(c.stderr, "lint", valueError("--fail-on", o.failOn, []string{"error", "warning", "info"}))
	}
	if fs.Changed("target") && len(o.targets) == 0 {
		o.targets = []string{""}
	}
	selected, msg := selectTargets(o.targets)
	if msg != "" {
		return usageError(c.stderr, "lint", msg)
	}
	args = fs.Args()
	if len(args) == 0 && !o.changed {
		args = []string{findDefaultSpec()}
	}
	for _, f := range args {
		if msg := checkSpecName(f); msg != "" && !o.changed {
			return usageError(c.stderr, "lint", msg)
		}
	}
	cfg, err := loadLintConfig(o.config, fs.Changed("config"))
	if err != nil {
		reportLoadError(c.stderr, err, c.useColor(o.color, c.stderr))
		return exitUsage
	}
	var configSpecs specList
	if o.changed {
		args, configSpecs = changedConfig(args, o.config)
	}
	list, err := resolveSpecs(args, o.changed)
	if err != nil {
		fmt.Fprintf(c.stderr, "pipec: %v\n", err)
		return exitUsage
	}
	list = mergeSpecs(list, configSpecs)
	if len(list.specs) == 0 { // --changed, and no spec reads the files
		if o.verbose {
			printNotes(c.stderr, list.notes)
		}
		return exitOK
	}
	tuneGC()

	results := make([]*built, len(list.specs))
	par.Do(len(list.specs), c.workers, func(i int) {
		results[i] = lintOne(list.specs[i], selected, cfg)
	})
	if o.verbose {
		printNotes(c.stderr, list.notes)
	}
	var found diag.Diagnostics
	sources := diag.Sources{}
	failed := false
	for _, b := range results {
		if b.report(c.stderr, o.verbose) {
			failed = true
		}
		for _, f := range b.files {
			sources[f.Name] = f.Src
		}
		found = append(found, b.ds...)
	}
	// A spec that could not be read (or made pipec fail) is reported above and makes the
	// exit code 2, but the other specs' findings are printed all the same, as generate
	// prints their diagnostics: one missing file must not hide every finding.
	lint.Sort(found)
	shown := found
	if o.quiet {
		shown = atLeast(found, failOn)
	}
	switch o.format {
	case "text":
		diag.WriteTextOptions(c.stdout, shown, sources, diag.TextOptions{Color: c.useColor(o.color, c.stdout)})
		if s := summary(shown); s != "" && !o.quiet {
			fmt.Fprintln(c.stderr, "pipec lint: "+s)
		}
	case "json":
		err = diag.WriteJSON(c.stdout, shown)
	case "sarif":
		err = diag.WriteSARIF(c.stdout, shown, ruleInfos(), version())
	case "github":
		diag.WriteGitHub(c.stdout, shown)
	case "gitlab":
		err = diag.WriteCodeQuality(c.stdout, shown)
	}
	if err != nil {
		fmt.Fprintf(c.stderr, "pipec: %v\n", err)
		return exitUsage
	}
	if failed {
		return exitUsage
	}
	if len(atLeast(found, failOn)) > 0 {
		return exitSpec
	}
	return exitOK
}

// lintOne reads and lints one spec, and applies the configuration and the ignore
// comments. It runs on a worker goroutine: it only reads.
func lintOne(spec string, selected []targets.Target, cfg *lintConfig) *built {
	b := readBuilt(spec, "lint")
	if b.err != nil {
		return b
	}
	files := b.files
	name := files[0].Name
	ds, err := lintSpec(slices.Clone(files), selected, b.timed)
	if err != nil {
		b.err = err
		return b
	}
	ds = cfg.apply(name, ds)
	b.ds = suppress(files, ds).Compact()
	return b
}

// lintSpec compiles one spec, emits the selected targets and lints it, as generate
// --lint does; compile errors are returned as the findings. timed, when not nil, is told
// when each phase started.
func lintSpec(files []cue.File, selected []targets.Target, timed func(phase string, start time.Time)) (diag.Diagnostics, error) {
	r, err := compileAndEmit(files, selected, compile.Options{}, timed)
	if err != nil {
		return nil, err
	}
	return lintResult(r, timed)
}

func ruleInfos() []diag.RuleInfo {
	var out []diag.RuleInfo
	for _, r := range lint.All {
		out = append(out, diag.RuleInfo{
			ID: r.ID, Summary: r.Summary, Severity: r.Severity,
			Help:    r.Rationale + " Fix: " + r.Fix + ".",
			HelpURI: "https://github.com/pipec-dev/pipec/blob/main/docs/rules.md#" + r.ID,
		})
	}
	return out
}

func parseSeverity(s string) (diag.Severity, bool) {
	switch s {
	case "error":
		return diag.Error, true
	case "warning":
		return diag.Warning, true
	case "info":
		return diag.Info, true
	}
	return 0, false
}

// ignoreComment is `# pipec:ignore[rule-a, rule-b] reason` (or with //).
var ignoreComment = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?:#|//)\s*pipec:ignore\[([^\]]*)\]\s*(.*)$`) })

// ignoreAt is where an ignore comment is: a file and a line.
type ignoreAt struct {
	file string
	line int
}

// suppress drops findings an ignore comment on their line, or on the line above, names,
// in the file of the finding: a spec of several files (a CUE package) has its comments in
// each. An ignore without a reason, or naming no known rule, is itself a finding.
func suppress(files []cue.File, ds diag.Diagnostics) diag.Diagnostics {
	ignores := map[ignoreAt][]string{}
	var out diag.Diagnostics
	for _, f := range files {
		out = append(out, ignoreComments(f.Name, f.Src, ignores)...)
	}
	for _, d := range ds {
		dropped := false
		// Errors that are not lint findings stop compilation; a Compiler rule's finding
		// does too, so neither can be ignored.
		if r := lint.Lookup(d.Code); d.Severity != diag.Error || (r != nil && !r.Compiler) {
			for _, l := range []int{d.Subject.Start.Line, d.Subject.Start.Line - 1} {
				if slices.Contains(ignores[ignoreAt{d.Subject.Filename, l}], d.Code) {
					dropped = true
				}
			}
		}
		if !dropped {
			out = append(out, d)
		}
	}
	return out
}

// ignoreComments records the rules each ignore comment of a file names, by line, and
// returns the findings about the comments themselves.
func ignoreComments(name string, src []byte, ignores map[ignoreAt][]string) diag.Diagnostics {
	var out diag.Diagnostics
	for i, line := range strings.Split(string(src), "\n") {
		// The expression has no literal prefix to skip ahead by; most lines hold no
		// comment at all, and scanning each with it was 6% of linting a typical spec.
		if !strings.Contains(line, "pipec:ignore") {
			continue
		}
		m := ignoreComment().FindStringSubmatchIndex(line)
		if m == nil {
			continue
		}
		col := len([]rune(line[:m[0]])) + 1
		rng := diag.Range{Filename: name, Start: diag.Pos{Line: i + 1, Column: col}, End: diag.Pos{Line: i + 1, Column: len([]rune(line)) + 1}}
		var rules []string
		for _, r := range strings.Split(line[m[2]:m[3]], ",") {
			r = strings.TrimSpace(r)
			if r == "" {
				continue
			}
			rules = append(rules, r)
			if lint.Lookup(r) == nil {
				detail := "rule ids are listed by pipec explain and in docs/rules.md"
				if dym := diag.DidYouMean(r, lint.IDs()); dym != "" {
					detail = dym
				}
				if hint := targetCodeHint(r, fmt.Sprintf("write pipec:ignore[%s]", targetRule)); hint != "" {
					detail = hint
				}
				out = append(out, &diag.Diagnostic{Severity: diag.Warning, Code: "unknown-rule", Summary: fmt.Sprintf("pipec:ignore names unknown rule %q", r), Detail: detail, Subject: rng})
			}
		}
		reason := strings.TrimSpace(line[m[4]:m[5]])
		if reason == "" {
			out = append(out, &diag.Diagnostic{Severity: diag.Warning, Code: "ignore-without-reason", Summary: "pipec:ignore gives no reason", Detail: "say why the finding does not apply: # pipec:ignore[RULE] reason", Subject: rng})
		}
		ignores[ignoreAt{name, i + 1}] = rules
	}
	return out
}

// targetRule is the rule that reports the targets' warnings, each with the target's own
// code in its message: "... (circleci/timeout-unsupported; ignore as target-unsupported)
// [target-unsupported]".
const targetRule = "target-unsupported"

// targetOfCode is the target a code such as circleci/timeout-unsupported belongs to, or
// "" when code is no target's. Such a code is shown in a target-unsupported finding, so a
// user may take it for the rule's id, in pipec:ignore or pipec explain.
func targetOfCode(code string) string {
	t, rest, ok := strings.Cut(code, "/")
	if !ok || rest == "" || all.Lookup(t) == nil {
		return ""
	}
	return t
}

// targetCodeHint says what a user who named a target's code as a rule should do instead:
// for a code the target reports as a warning, fix (how to name rule target-unsupported,
// which reports it); for one it reports as an error, that nothing hides it and what to
// change. "" when code is no target's. Pointing every target code at
// pipec:ignore[target-unsupported] sent users to an ignore that did nothing for errors.
func targetCodeHint(code, fix string) string {
	t := targetOfCode(code)
	if t == "" {
		return ""
	}
	_, name, _ := strings.Cut(code, "/")
	c, ok := all.CodeOf(t, name)
	asWarning := fmt.Sprintf("the %s target's code in a finding of rule %s: %s", t, targetRule, fix)
	asError := fmt.Sprintf("an error of the %s target, which cannot write the spec as it is, and nothing hides or re-levels it: change the spec as the error says, or leave %s out with --target", t, t)
	switch {
	case !ok:
		return fmt.Sprintf("the %s target reports no code %s; its warnings are findings of rule %s: %s", t, name, targetRule, fix)
	case c.Warning && c.Error:
		return code + " is, as a warning, " + asWarning + "; as an error, " + asError
	case c.Error:
		return code + " is " + asError
	}
	return code + " is " + asWarning
}
