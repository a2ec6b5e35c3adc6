package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"regexp"
	"slices"
	"strings"

	"github.com/spf13/pflag"

	"github.com/pipec-dev/pipec/compile"
	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/lang/cue"
	"github.com/pipec-dev/pipec/lint"
	"github.com/pipec-dev/pipec/targets"
)

var lintFormats = []string{"text", "json", "sarif", "github", "gitlab"}

type lintOptions struct {
	targets []string
	format  string
	failOn  string
	config  string
}

func lintFlags(o *lintOptions) (*pflag.FlagSet, *bool) {
	fs := pflag.NewFlagSet("lint", pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.SortFlags = false
	fs.StringVarP(&o.format, "format", "f", "text", "output format: "+strings.Join(lintFormats, ", "))
	fs.StringSliceVarP(&o.targets, "target", "t", nil, "targets whose output is checked (default: every target)")
	fs.StringVar(&o.failOn, "fail-on", "error", "exit 1 when a finding is at least this severe: error, warning or info")
	fs.StringVar(&o.config, "config", "", "lint configuration file (default: .pipec.hcl in the current directory, if any)")
	help := fs.BoolP("help", "h", false, "show this help")
	return fs, help
}

func lintUsage() string {
	fs, _ := lintFlags(&lintOptions{})
	return `Usage:
  pipec lint [FILE...] [flags]

Checks each spec (default ` + defaultSpec + `) with pipec's rules (security, correctness,
portability) and with actionlint on the generated GitHub workflow, and prints the findings.
Compile errors are findings too. 'pipec explain RULE' describes a rule.

Suppress a finding with a comment on its line or the line above:
  # pipec:ignore[RULE] why it does not apply here

Flags:
` + fs.FlagUsages() + `
Exit codes: 0 no finding reaches --fail-on, 1 one does, 2 usage or I/O error.
`
}

func cmdLint(args []string, stdout, stderr io.Writer) int {
	var o lintOptions
	fs, help := lintFlags(&o)
	if err := fs.Parse(args); err != nil {
		return usageError(stderr, "lint", err.Error())
	}
	if *help {
		fmt.Fprint(stdout, lintUsage())
		return exitOK
	}
	if !slices.Contains(lintFormats, o.format) {
		return usageError(stderr, "lint", fmt.Sprintf("unknown --format %q; formats: %s", o.format, strings.Join(lintFormats, ", ")))
	}
	failOn, ok := parseSeverity(o.failOn)
	if !ok {
		return usageError(stderr, "lint", fmt.Sprintf("unknown --fail-on %q; give error, warning or info", o.failOn))
	}
	if fs.Changed("target") && len(o.targets) == 0 {
		o.targets = []string{""}
	}
	selected, msg := selectTargets(o.targets)
	if msg != "" {
		return usageError(stderr, "lint", msg)
	}
	cfg, err := loadLintConfig(o.config, fs.Changed("config"))
	if err != nil {
		fmt.Fprintf(stderr, "pipec: %v\n", err)
		return exitUsage
	}
	files := fs.Args()
	if len(files) == 0 {
		files = []string{defaultSpec}
	}
	var all diag.Diagnostics
	sources := diag.Sources{}
	for _, f := range files {
		files, err := readSpec(f)
		if err != nil {
			msg := err.Error()
			if f == defaultSpec && errors.Is(err, fs2NotExist) {
				msg += " (give the spec's path: pipec lint FILE)"
			}
			fmt.Fprintf(stderr, "pipec: %s\n", msg)
			return exitUsage
		}
		name, src := files[0].Name, files[0].Src
		for _, sf := range files {
			sources[sf.Name] = sf.Src
		}
		ds, err := lintSpec(files, selected)
		if err != nil {
			fmt.Fprintf(stderr, "pipec: %v\n", err)
			return exitUsage
		}
		ds = cfg.apply(name, ds)
		all = append(all, suppress(name, src, ds)...)
	}
	lint.Sort(all)
	switch o.format {
	case "text":
		diag.WriteText(stdout, all, sources)
		if s := summary(all); s != "" {
			fmt.Fprintln(stderr, "pipec lint: "+s)
		}
	case "json":
		err = diag.WriteJSON(stdout, all)
	case "sarif":
		err = diag.WriteSARIF(stdout, all, ruleInfos(), version())
	case "github":
		diag.WriteGitHub(stdout, all)
	case "gitlab":
		err = diag.WriteCodeQuality(stdout, all)
	}
	if err != nil {
		fmt.Fprintf(stderr, "pipec: %v\n", err)
		return exitUsage
	}
	for _, d := range all {
		if d.Severity <= failOn {
			return exitSpec
		}
	}
	return exitOK
}

var fs2NotExist = fs.ErrNotExist

// lintSpec compiles one spec and lints it; compile errors are returned as the findings.
func lintSpec(files []cue.File, selected []targets.Target) (ds diag.Diagnostics, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("internal error (a bug in pipec; please report it with the spec): %v", r)
		}
	}()
	name := files[0].Name
	p, pds := parseSpec(files)
	ds.Append(pds)
	if p == nil || pds.HasErrors() {
		return ds, nil
	}
	plan, cds := compile.Compile(p, name)
	ds.Append(cds)
	if cds.HasErrors() || plan == nil {
		return ds, nil
	}
	ds.Append(lint.Lint(plan, selected))
	return ds, nil
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
var ignoreComment = regexp.MustCompile(`(?:#|//)\s*pipec:ignore\[([^\]]*)\]\s*(.*)$`)

// suppress drops findings an ignore comment on their line, or on the line above, names.
// An ignore without a reason, or naming no known rule, is itself a finding.
func suppress(name string, src []byte, ds diag.Diagnostics) diag.Diagnostics {
	type ignore struct {
		rules  []string
		reason string
	}
	ignores := map[int]ignore{}
	var out diag.Diagnostics
	for i, line := range strings.Split(string(src), "\n") {
		// The expression has no literal prefix to skip ahead by; most lines hold no
		// comment at all, and scanning each with it was 6% of linting a typical spec.
		if !strings.Contains(line, "pipec:ignore") {
			continue
		}
		m := ignoreComment.FindStringSubmatchIndex(line)
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
				out = append(out, &diag.Diagnostic{Severity: diag.Warning, Code: "unknown-rule", Summary: fmt.Sprintf("pipec:ignore names unknown rule %q", r), Detail: detail, Subject: rng})
			}
		}
		reason := strings.TrimSpace(line[m[4]:m[5]])
		if reason == "" {
			out = append(out, &diag.Diagnostic{Severity: diag.Warning, Code: "ignore-without-reason", Summary: "pipec:ignore gives no reason", Detail: "say why the finding does not apply: # pipec:ignore[RULE] reason", Subject: rng})
		}
		ignores[i+1] = ignore{rules, reason}
	}
	for _, d := range ds {
		dropped := false
		if d.Severity != diag.Error || lint.Lookup(d.Code) != nil {
			for _, l := range []int{d.Subject.Start.Line, d.Subject.Start.Line - 1} {
				if ig, ok := ignores[l]; ok && slices.Contains(ig.rules, d.Code) {
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
