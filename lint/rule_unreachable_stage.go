package lint

import (
	"slices"
	"strings"

	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/model"
)

var ruleUnreachableStage = &Rule{
	ID:        "unreachable-stage",
	Category:  Correctness,
	Severity:  diag.Warning,
	Summary:   "a stage can never run for the pipeline's triggers",
	Rationale: "A when condition (with those of the stages it needs and its environment's branch rule) that is false for every trigger the pipeline has leaves the stage out of every run: typically a test of ci.event for an event the `on` block does not list, or a branch rule that the push filter excludes (a push of tags only is never a branch's, so it never deploys to an environment whose `branches` name branches). On GitHub a native \"github\" if replaces the condition, and on GitLab native \"gitlab\" rules do: a stage whose if or rules admit only events the pipeline never starts never runs on that target (reported at the if or rules), and one that they run where its condition never holds is reported for the other targets only. A native \"azure\" condition goes to the stage's job and a native \"circleci\" filters to its workflow entries, where each decides along with the condition: a job whose condition admits only events the pipeline never starts (eq(variables['Build.Reason'], 'PullRequest') without a pull_request trigger), or whose filters leave out every branch and tag the pipeline runs for, never runs on that target (reported at the condition or filters). It is reported on the stage whose condition excludes it, not again on the stages that need it.",
	Fix:       "add the missing trigger to `on`, or correct the condition",
	check: func(p *Pass) {
		if len(scenarios(p.Pipeline)) == 0 {
			return
		}
		var events []string
		for _, sc := range scenarios(p.Pipeline) {
			if !slices.Contains(events, sc.event) {
				events = append(events, sc.event)
			}
		}
		targets := p.Targets
		if len(targets) == 0 {
			targets = []string{""} // the condition decides
		}
		for _, s := range p.Pipeline.Stages {
			// GitHub reads a native "github" if in place of the condition, GitLab native
			// "gitlab" rules; the other targets read the condition. A stage may never run
			// on some targets and run on others, so each is judged on its own.
			var on []string
			for _, t := range targets {
				if unreachable(p, s, viewOf(t)) {
					on = append(on, t)
				}
			}
			if len(on) == 0 {
				continue
			}
			at, where, fix := s.NameRange, "", p.rule.Fix
			if len(on) < len(targets) {
				where = " on " + strings.Join(on, ", ")
			}
			if len(on) == 1 {
				if v := nativeKey(p, s, "github", "if"); on[0] == "github" && v != nil && githubIf(p, s) != nil {
					at, where = v.Range, " on GitHub, by its native \"github\" if"
					fix = "add the missing trigger to `on`, or correct the native if, which GitHub reads in place of the stage's when"
				}
				if v := nativeKey(p, s, "azure", "condition"); on[0] == "azure" && v != nil {
					at, where = v.Range, " on Azure Pipelines, by its native \"azure\" condition"
					fix = "add the missing trigger to `on`, or correct the native condition, which Azure reads along with the stage's when: the job runs only where both hold"
				}
				if v := nativeKey(p, s, "circleci", "filters"); on[0] == "circleci" && v != nil {
					at, where = v.Range, " on CircleCI, by its native \"circleci\" filters"
					fix = "add the missing trigger to `on`, or correct the native filters, which CircleCI reads along with the stage's when: a job without a tags filter never runs for tags, and a branches filter leaves out every branch it does not name"
				}
				if _, ok := gitlabRules(p, s); on[0] == "gitlab" && ok {
					at, where = nativeKey(p, s, "gitlab", "rules").Range, " on GitLab, by its native \"gitlab\" rules"
					fix = "add the missing trigger to `on`, or correct the native rules, which GitLab reads in place of the stage's when: the first rule that matches decides, and a job no rule matches is left out"
				}
			}
			p.reportDetail(at, fix, "stage %q runs for none of the pipeline's events (%s)%s", s.Name, strings.Join(events, ", "), where)
		}
	},
}

// unreachable reports whether the stage runs in no scenario in view v while every stage
// it needs may run there: a stage that needs one that never runs never runs either, and
// the finding on that one says why, once.
func unreachable(p *Pass, s *model.Stage, v view) bool {
	if len(stageRuns(p, s, v)) > 0 {
		return false
	}
	for _, n := range s.Needs {
		for _, st := range p.Pipeline.Stages {
			if st.Name == n.Value && len(stageRuns(p, st, v)) == 0 {
				return false
			}
		}
	}
	return true
}
