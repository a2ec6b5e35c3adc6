package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/lint"
)

const explainUsage = `Usage:
  pipec explain RULE

Prints a lint rule's documentation: what it finds, why, how to fix it, and an example
that fires and one that stays quiet. 'pipec explain --list' lists the rules.
`

func cmdExplain(args []string, stdout, stderr io.Writer) int {
	if len(args) != 1 {
		return usageError(stderr, "explain", "give one rule id (pipec explain --list lists them)")
	}
	switch args[0] {
	case "-h", "--help":
		fmt.Fprint(stdout, explainUsage)
		return exitOK
	case "--list":
		for _, r := range lint.All {
			fmt.Fprintf(stdout, "%-28s %-11s %-7s %s\n", r.ID, r.Category, r.Severity, r.Summary)
		}
		return exitOK
	}
	r := lint.Lookup(args[0])
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
