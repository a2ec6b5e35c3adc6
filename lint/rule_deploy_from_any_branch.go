package lint

import (
	"github.com/pipec-dev/pipec/compile"
	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/model"
)

var ruleDeployFromAnyBranch = &Rule{
	ID:        "deploy-from-any-branch",
	Category:  Security,
	Severity:  diag.Warning,
	Summary:   "a protected environment accepts deployments from any branch",
	Rationale: "An environment that needs approval, or is production, guards something valuable. Without a `branches` rule, and with a stage condition that does not test the branch, a push to any branch the trigger lets through (no filter, or a wildcard such as feature/*), or a manual run on a branch the person starting it picks, asks for that deployment, and the approver sees a job waiting, not which unreviewed code it carries. An environment's `branches` compiles to a guard on every target, and matches GitHub's deployment branch policies, GitLab's protected environments and Azure's branch control check.",
	Fix:       "give the environment the branches that may deploy to it: branches = [\"main\"]",
	check: func(p *Pass) {
		free := anyBranchScenarios(p.Pipeline)
		if len(free) == 0 {
			return
		}
		vals := make([]map[*compile.Job]tri, len(free))
		for i, sc := range free {
			vals[i] = jobValues(p.Plan, sc)
		}
		for _, s := range p.Pipeline.Stages {
			if s.Environment == nil {
				continue
			}
			e := environment(p.Pipeline, s.Environment.Value)
			if e == nil || len(e.Branches) > 0 || !(e.NeedsApproval() || productionName.MatchString(e.Name)) {
				continue
			}
			for i, sc := range free {
				if runsIn(p, s, vals[i]) {
					p.Report(s.Environment.Range, "stage %q deploys to %q from any branch a %s can name: the environment has no branches rule", s.Name, e.Name, eventNoun(sc.event))
					break
				}
			}
		}
	},
}

// runsIn reports whether any main job of the stage may run, by the jobs' values in a
// scenario.
func runsIn(p *Pass, s *model.Stage, val map[*compile.Job]tri) bool {
	for _, j := range jobsOf(p, s) {
		if !j.OnFailure && val[j] != no {
			return true
		}
	}
	return false
}

func eventNoun(event string) string {
	if event == "manual" {
		return "manual run"
	}
	return event
}
