package lint

import (
	"slices"

	"github.com/pipec-dev/pipec/compile/diag"
)

var ruleIdentityInPullRequest = &Rule{
	ID:        "identity-in-pull-request",
	Category:  Security,
	Severity:  diag.Warning,
	Summary:   "a stage with a cloud identity runs for pull requests",
	Rationale: "A cloud identity turns the platform's OIDC token into cloud credentials. If the stage runs for pull requests, the code under review runs with those credentials, unless the cloud's trust policy refuses pull-request tokens (a subject condition on the ref), which is easy to get wrong.",
	Fix:       "limit the stage to pushes (when = ci.event == \"push\") or give pull requests an identity whose role can only read",
	check: func(p *Pass) {
		for _, s := range p.Pipeline.Stages {
			if s.Identity == nil || !slices.Contains(stageRuns(p, s), "pull_request") {
				continue
			}
			p.Report(s.Identity.Range, "stage %q assumes identity %q and runs for pull requests", s.Name, s.Identity.Value)
		}
	},
}
