package lint

import "github.com/pipec-dev/pipec/compile/diag"

var ruleAllowFailureOnDeploy = &Rule{
	ID:        "allow-failure-on-deploy",
	Category:  Correctness,
	Severity:  diag.Warning,
	Summary:   "a deployment may fail without failing the pipeline",
	Rationale: "With allow_failure a failed deploy shows as a passing pipeline, and the stages after it run against whatever is deployed. A deployment's failure is the one result people must see.",
	Fix:       "remove allow_failure from the deployment stage",
	check: func(p *Pass) {
		for _, s := range p.Pipeline.Stages {
			if s.Environment != nil && s.AllowFailure != nil && s.AllowFailure.Value {
				p.Report(s.AllowFailure.Range, "deployment stage %q may fail without failing the pipeline", s.Name)
			}
		}
	},
}
