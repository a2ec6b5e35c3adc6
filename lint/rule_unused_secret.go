package lint

import (
	"github.com/pipec-dev/pipec/compile/diag"
)

var ruleUnusedSecret = &Rule{
	ID:        "unused-secret",
	Category:  Correctness,
	Severity:  diag.Warning,
	Summary:   "a secret is declared and never referenced",
	Rationale: "pipec gives a secret only to the steps that reference it, so a declared secret nobody references is never delivered anywhere. Usually a reference was misspelled or removed; a stale secret left in the platform's store is one more credential to leak.",
	Fix:       "reference it as ${secret.NAME} where it is needed, or delete the declaration (and the value in the platform's secret store)",
	check: func(p *Pass) {
		seen := referenced(p)
		for _, s := range p.Pipeline.Secrets {
			if !seen["secret."+s.Name] {
				p.Report(s.NameRange, "secret %q is never referenced", s.Name)
			}
		}
	},
}
