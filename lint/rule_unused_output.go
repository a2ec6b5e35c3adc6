package lint

import (
	"github.com/pipec-dev/pipec/compile/diag"
)

var ruleUnusedOutput = &Rule{
	ID:        "unused-output",
	Category:  Correctness,
	Severity:  diag.Info,
	Summary:   "a stage output is declared and never read",
	Rationale: "Each declared output costs a hand-off on every target (job outputs, dotenv reports, workspace files). One that no condition or script reads is usually a misspelled reference elsewhere.",
	Fix:       "read it as ${stage.NAME.outputs.KEY} in a later stage, or remove it from outputs",
	check: func(p *Pass) {
		seen := referenced(p)
		for _, s := range p.Pipeline.Stages {
			for _, o := range s.Outputs {
				if !seen["stage."+s.Name+".outputs."+o.Value] {
					p.Report(o.Range, "output %q of stage %q is never read", o.Value, s.Name)
				}
			}
		}
	},
}
