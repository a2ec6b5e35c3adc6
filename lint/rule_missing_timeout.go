package lint

import "github.com/pipec-dev/pipec/compile/diag"

var ruleMissingTimeout = &Rule{
	ID:        "missing-timeout",
	Category:  Correctness,
	Severity:  diag.Info,
	Summary:   "a stage has no timeout",
	Rationale: "Without a timeout a hung job runs until the platform's limit: 6 hours on GitHub, an hour on GitLab and Azure, longer on self-hosted runners, holding a runner and, for deployments, the environment's lock.",
	Fix:       "set timeout on the stage, or once for all stages in defaults { timeout = \"30m\" }",
	check: func(p *Pass) {
		if p.Pipeline.Defaults != nil && p.Pipeline.Defaults.Timeout != nil {
			return
		}
		for _, s := range p.Pipeline.Stages {
			if s.Timeout == nil {
				p.Report(s.NameRange, "stage %q has no timeout", s.Name)
			}
		}
	},
}
