package lint

import (
	"github.com/pipec-dev/pipec/compile/diag"
)

var ruleDeployFromPullRequest = &Rule{
	ID:        "deploy-from-pull-request",
	Category:  Security,
	Severity:  diag.Error,
	Summary:   "a deployment can run for pull requests",
	Rationale: "A deployment stage that a pull request can start deploys code nobody merged. An environment's `branches` rule stops that on every target, because it tests the pushed ref; without one, only the stage's own `when` does. " + nativeIfNote,
	Fix:       "give the environment a branches rule (branches = [\"main\"]) or the stage when = ci.event == \"push\"",
	check: func(p *Pass) {
		for _, s := range p.Pipeline.Stages {
			if s.Environment == nil || !stagePR(p, s).any() {
				continue
			}
			p.Report(s.Environment.Range, "stage %q deploys to %q and can run for pull requests", s.Name, s.Environment.Value)
		}
	},
}
