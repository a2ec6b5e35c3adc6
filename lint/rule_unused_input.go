package lint

import (
	"github.com/pipec-dev/pipec/compile/diag"
)

var ruleUnusedInput = &Rule{
	ID:        "unused-input",
	Category:  Correctness,
	Severity:  diag.Warning,
	Summary:   "a manual input is declared and never read",
	Rationale: "An input shows up in every platform's run dialog. If nothing reads it, the person who starts a run sets a value that changes nothing, and believes otherwise.",
	Fix:       "read it as ${input.NAME} or in a when condition, or delete it",
	check: func(p *Pass) {
		if p.Pipeline.On == nil || p.Pipeline.On.Manual == nil {
			return
		}
		seen := referenced(p)
		for _, in := range p.Pipeline.On.Manual.Inputs {
			if !seen["input."+in.Name] {
				p.Report(in.NameRange, "input %q is never read", in.Name)
			}
		}
	},
}
