package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/pflag"

	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/lint"
	"github.com/pipec-dev/pipec/targets/all"
)

const explainUsage = `Usage:
  pipec explain RULE

Prints a lint rule's documentation: what it finds, why, how to fix it, and an example
that fires and one that stays quiet.

  pipec explain --list   lists the rules: id, category, severity and summary
`

func explainFlags(list *bool) (*pflag.FlagSet, *bool) {
	fs := pflag.NewFlagSet("explain", pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.SortFlags = false
	fs.BoolVar(list, "list", false, "list the rules: id, category, severity and summary")
	help := fs.BoolP("help", "h", false, "show this help")
	return fs, help
}

func cmdExplain(args []string, stdout, stderr io.Writer) int {
	var list bool
	fs, help := explainFlags(&list)
	if err := fs.Parse(args); err != nil {
		return usageError(stderr, "explain", flagError(fs, err))
	}
	switch {
	case *help:
		fmt.Fprint(stdout, explainUsage)
		return exitOK
	case list && fs.NArg() == 0:
		// The columns are as wide as their longest entry: a fixed 28 pushed the columns
		// after checkout-persists-credentials (29) out of line.
		idW, catW, sevW := 0, 0, 0
		for _, r := range lint.All {
			idW, catW, sevW = max(idW, len(r.ID)), max(catW, len(string(r.Category))), max(sevW, len(r.Severity.String()))
		}
		for _, r := range lint.All {
			fmt.Fprintf(stdout, "%-*s  %-*s  %-*s  %s\n", idW, r.ID, catW, r.Category, sevW, r.Severity, r.Summary)
		}
		return exitOK
	case list || fs.NArg() != 1:
		return usageError(stderr, "explain", "give one rule id (pipec explain --list lists them)")
	}
	args = fs.Args()
	r := lint.Lookup(args[0])
	if t := targetOfCode(args[0]); r == nil && t != "" && targetErrorOnly(args[0]) {
		// No rule reports it, so no rule's documentation applies.
		fmt.Fprintln(stdout, targetCodeHint(args[0], "")+".")
		return exitOK
	} else if r == nil && t != "" {
		// A target's code, as a target-unsupported finding shows it: explain that rule. A
		// target reports errors under its codes too (gitlab/unsupported-condition), which
		// no rule reports and no ignore hides: "is a warning ... pipec:ignore suppresses
		// it" sent users to an ignore that did nothing.
		fmt.Fprintf(stdout, "%s is a code of the %s target.\n"+
			"As a warning it is reported by rule %s, and pipec:ignore[%s] suppresses it.\n"+
			"As an error the %s target cannot write the spec as it is, and nothing suppresses it:\n"+
			"change the spec as the error says, or leave %s out with --target.\n\n", args[0], t, targetRule, targetRule, t, t)
		r = lint.Lookup(targetRule)
	}
	if r == nil {
		msg := fmt.Sprintf("unknown rule %q", args[0])
		if dym := diag.DidYouMean(args[0], lint.IDs()); dym != "" {
			msg += "; " + dym
		}
		return usageError(stderr, "explain", msg+" (rules: "+strings.Join(lint.IDs(), ", ")+")")
	}
	fmt.Fprint(stdout, lint.Explain(r))
	return exitOK
}

// targetErrorOnly reports whether code is a target's code that the target reports only as
// an error.
func targetErrorOnly(code string) bool {
	t, name, _ := strings.Cut(code, "/")
	c, ok := all.CodeOf(t, name)
	return ok && c.Error && !c.Warning
}
