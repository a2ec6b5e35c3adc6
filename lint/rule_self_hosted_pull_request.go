package lint

import (
	"slices"

	"github.com/pipec-dev/pipec/compile/diag"
)

var ruleSelfHostedPullRequest = &Rule{
	ID:        "self-hosted-pull-request",
	Category:  Security,
	Severity:  diag.Warning,
	Summary:   "a self-hosted runner runs pull-request code",
	Rationale: "Self-hosted runners usually persist between jobs and sit inside a private network. Code from a pull request that runs there can leave a process behind, read what later jobs write, or reach internal services.",
	Fix:       "run pull-request stages on hosted runners, or use ephemeral self-hosted runners and limit the stage to pushes",
	check: func(p *Pass) {
		for _, s := range p.Pipeline.Stages {
			r := s.Runner
			if r == nil && p.Pipeline.Defaults != nil {
				r = p.Pipeline.Defaults.Runner
			}
			if r == nil || len(r.Labels) == 0 || !slices.Contains(stageRuns(p, s), "pull_request") {
				continue
			}
			p.Report(r.Range, "stage %q runs pull-request code on a self-hosted runner", s.Name)
		}
	},
}
