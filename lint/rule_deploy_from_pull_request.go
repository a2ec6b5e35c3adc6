package lint

import (
	"slices"
	"strings"

	"github.com/pipec-dev/pipec/compile/diag"
)

var ruleDeployFromPullRequest = &Rule{
	ID:        "deploy-from-pull-request",
	Category:  Security,
	Severity:  diag.Error,
	Summary:   "a deployment can run for pull requests",
	Rationale: "A deployment stage that a pull request can start deploys code nobody merged, with the environment's credentials. Into an environment that pushes, schedules or manual runs also deploy to, or one named for production, that puts unreviewed code where reviewed code is expected. A preview environment is different: an environment of its own that only pull-request runs deploy to (when = ci.event == \"pull_request\"), not named for production, holding credentials that reach previews alone. Forks' pull requests get none of them by default: GitHub gives a fork's pull_request run no secrets and no OIDC token, GitLab runs a fork's merge request pipeline in the fork's project, and CircleCI and Azure Pipelines pass secrets to fork builds only when the project's settings say so (keep them off); so a preview deploys branches of the repository, whose authors can push anyway. An environment's `branches` rule keeps pull requests out on every target, because it tests the pushed ref; without one, only the stage's own `when` does. " + nativeIfNote,
	Fix:       "give the environment a branches rule (branches = [\"main\"]) or the stage when = ci.event == \"push\"; deploy previews to an environment of their own that only pull-request runs deploy to",
	check: func(p *Pass) {
		shared := sharedEnvironments(p)
		for _, s := range p.Pipeline.Stages {
			if s.Environment == nil || !stagePR(p, s).any() {
				continue
			}
			name := s.Environment.Value
			switch {
			case productionName.MatchString(name):
				p.Report(s.Environment.Range, "stage %q deploys to %q, a production environment, and can run for pull requests: a preview needs an environment of its own", s.Name, name)
			case len(shared[name]) > 0:
				p.Report(s.Environment.Range, "stage %q deploys to %q and can run for pull requests, and %q also takes deployments from other runs (%s): a preview is safe only in an environment that pull-request runs alone deploy to", s.Name, name, name, strings.Join(shared[name], ", "))
			}
		}
	},
}

// sharedEnvironments maps each environment to the events other than pull_request whose
// runs may deploy to it, on any selected target (or by the stages' conditions without
// targets). One that pull-request runs alone deploy to is a preview, where a pull
// request replaces nothing reviewed code put there.
func sharedEnvironments(p *Pass) map[string][]string {
	vs := []view{viewWhen}
	if len(p.Targets) > 0 {
		vs = vs[:0]
		for _, t := range p.Targets {
			vs = append(vs, viewOf(t))
		}
	}
	out := map[string][]string{}
	for _, s := range p.Pipeline.Stages {
		if s.Environment == nil {
			continue
		}
		for _, v := range vs {
			for _, ev := range stageRuns(p, s, v) {
				if ev != "pull_request" && !slices.Contains(out[s.Environment.Value], ev) {
					out[s.Environment.Value] = append(out[s.Environment.Value], ev)
				}
			}
		}
	}
	return out
}
