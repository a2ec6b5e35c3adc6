package lint

import (
	"github.com/pipec-dev/pipec/compile/diag"
)

var ruleSelfHostedPullRequest = &Rule{
	ID:        "self-hosted-pull-request",
	Category:  Security,
	Severity:  diag.Warning,
	Summary:   "a self-hosted runner runs pull-request code",
	Rationale: "The runner is the stage's (a list of labels is a self-hosted runner), or the one a native block chooses: GitHub's runs-on with the self-hosted label, GitLab tags other than GitLab.com's saas- runners', a CircleCI resource_class of the form namespace/name, an Azure pool other than Azure Pipelines. Self-hosted runners usually persist between jobs and sit inside a private network. Code from a pull request that runs there can leave a process behind, read what later jobs write, or reach internal services. " + nativeIfNote,
	Fix:       "run pull-request stages on hosted runners, or use ephemeral self-hosted runners and limit the stage to pushes",
	check: func(p *Pass) {
		for _, s := range p.Pipeline.Stages {
			r := s.Runner
			if r == nil && p.Pipeline.Defaults != nil {
				r = p.Pipeline.Defaults.Runner
			}
			if !stagePR(p, s).any() {
				continue
			}
			if r != nil && len(r.Labels) > 0 {
				p.Report(r.Range, "stage %q runs pull-request code on a self-hosted runner", s.Name)
				continue
			}
			// A native block can send the job to a runner the spec's runner does not name.
			if v, target := nativeSelfHosted(p, s); v != nil {
				p.Report(v.Range, "stage %q runs pull-request code on the self-hosted runner its native %q block chooses", s.Name, target)
			}
		}
	},
}
