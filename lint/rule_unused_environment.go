package lint

import (
	"github.com/pipec-dev/pipec/compile/diag"
)

var ruleUnusedEnvironment = &Rule{
	ID:        "unused-environment",
	Category:  Correctness,
	Severity:  diag.Warning,
	Summary:   "an environment is declared and no stage deploys to it",
	Rationale: "An environment's approval and branch rules protect only the stages that deploy to it. One that no stage names protects nothing, which usually means a stage lost its environment = \"NAME\" and deploys without the gate.",
	Fix:       "set environment = \"NAME\" on the deploying stage, or delete the environment",
	check: func(p *Pass) {
		for _, e := range p.Pipeline.Environments {
			if !used(p, e.Name) {
				p.Report(e.NameRange, "environment %q is not used by any stage", e.Name)
			}
		}
	},
}
