package lint

import (
	"github.com/pipec-dev/pipec/compile/diag"
)

var productionName = lazy(`(?i)^(prod|production|prd|live)([-_.].*)?$`)

var ruleProductionWithoutApproval = &Rule{
	ID:        "production-without-approval",
	Category:  Security,
	Severity:  diag.Warning,
	Summary:   "a production environment deploys without approval",
	Rationale: "Every merge to the deploy branch goes to production with nobody looking. An approval gate is where each platform lets a person (and, on GitHub and Azure, the environment's protection rules) stop a bad release.",
	Fix:       "set approval = true on the environment, and configure who approves in the platform's environment settings",
	check: func(p *Pass) {
		for _, e := range p.Pipeline.Environments {
			if productionName.MatchString(e.Name) && !e.NeedsApproval() && used(p, e.Name) {
				p.Report(e.NameRange, "environment %q looks like production and has no approval", e.Name)
			}
		}
	},
}

// used reports whether a stage deploys to the environment.
func used(p *Pass, env string) bool {
	for _, s := range p.Pipeline.Stages {
		if s.Environment != nil && s.Environment.Value == env {
			return true
		}
	}
	return false
}
