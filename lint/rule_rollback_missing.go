package lint

import "github.com/pipec-dev/pipec/compile/diag"

var ruleRollbackMissing = &Rule{
	ID:        "rollback-missing",
	Category:  Correctness,
	Severity:  diag.Warning,
	Summary:   "a deploy strategy has no rollback",
	Rationale: "Rolling, canary and blue/green deploys exist to stop a bad release part-way. Without rollback steps a failed verify leaves some batches, a share of the traffic or the switched slot on the bad version until someone acts by hand.",
	Fix:       "add rollback { step \"undo\" { run = \"...\" } } to the stage",
	check: func(p *Pass) {
		for _, s := range p.Pipeline.Stages {
			if s.Strategy != nil && s.Rollback == nil {
				p.Report(s.Strategy.KindRange, "stage %q deploys %s without rollback steps", s.Name, s.Strategy.Kind)
			}
		}
	},
}
