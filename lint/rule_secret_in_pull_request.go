package lint

import (
	"slices"

	"github.com/pipec-dev/pipec/compile/diag"
)

var ruleSecretInPullRequest = &Rule{
	ID:        "secret-in-pull-request",
	Category:  Security,
	Severity:  diag.Warning,
	Summary:   "a stage that reads secrets runs for pull requests",
	Rationale: "Code in a pull request runs with whatever the stage is given. Secrets given to stages that run for pull requests are one edited script away from being printed or sent elsewhere, and on GitLab and CircleCI a pull request from a branch of the same repository gets them. GitHub withholds secrets from forks, which also means the stage fails there.",
	Fix:       "limit the stage to pushes: when = ci.event == \"push\", or split the secret part into a stage that does not run for pull requests",
	check: func(p *Pass) {
		for _, s := range p.Pipeline.Stages {
			if !slices.Contains(stageRuns(p, s), "pull_request") {
				continue
			}
			for _, j := range jobsOf(p, s) {
				if len(j.Secrets) > 0 {
					p.Report(s.NameRange, "stage %q reads secret %q and runs for pull requests", s.Name, j.Secrets[0].Name)
					break
				}
			}
		}
	},
}
