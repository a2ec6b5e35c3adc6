package lint

import "github.com/pipec-dev/pipec/compile/diag"

var ruleRetriesOnDeploy = &Rule{
	ID:        "retries-on-deploy",
	Category:  Correctness,
	Severity:  diag.Warning,
	Summary:   "a deployment retries automatically",
	Rationale: "Retrying a deploy re-runs steps that may have half-applied: a migration, a traffic shift, a release tag. Retries suit flaky tests and downloads, not steps whose second run differs from their first.",
	Fix:       "remove retries from the deployment stage (or from defaults), and retry inside the step that is safe to repeat",
	check: func(p *Pass) {
		for _, s := range p.Pipeline.Stages {
			if s.Environment == nil {
				continue
			}
			switch {
			case s.Retries != nil && s.Retries.Value > 0:
				p.Report(s.Retries.Range, "deployment stage %q retries %d times", s.Name, s.Retries.Value)
			case s.Retries == nil && p.Pipeline.Defaults != nil && p.Pipeline.Defaults.Retries != nil && p.Pipeline.Defaults.Retries.Value > 0:
				p.Report(s.NameRange, "deployment stage %q retries %d times (from defaults)", s.Name, p.Pipeline.Defaults.Retries.Value)
			}
		}
	},
}
