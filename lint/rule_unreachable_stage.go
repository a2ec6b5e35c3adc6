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
	Rationale: "A when condition (with those of the stages it needs and its environment's branch rule) that is false for every trigger the pipeline has leaves the stage out of every run: typically a test of ci.event for an event the `on` block does not list, or a branch rule that the push filter excludes (a push of tags only is never a branch's, so it never deploys to an environment whose `branches` name branches). On GitHub a native \"github\" if replaces the condition, so a stage whose if tests only events the pipeline never starts never runs there (reported at the if), and one whose if runs it where its condition never holds is reported for the other targets only. It is reported on the stage whose condition excludes it, not again on the stages that need it.",
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
		// GitHub reads a native "github" if in place of the condition; the other
		// targets read the condition. A stage may never run on the one and run on the
		// other, so each is judged on its own.
		var others []string
		for _, t := range p.Targets {
			if t != "github" {
				others = append(others, t)
			}
		}
		github := slices.Contains(p.Targets, "github")
		onOthers := len(others) > 0 || len(p.Targets) == 0
		for _, s := range p.Pipeline.Stages {
			gh := github && unreachable(p, s, true)
			rest := onOthers && unreachable(p, s, false)
			nativeIf := nativeKey(p, s, "github", "if")
			switch {
			case gh && nativeIf != nil && githubIf(p, s) != nil && !rest:
				p.Report(nativeIf.Range, "stage %q's native \"github\" if lets it run for none of the pipeline's events (%s) on GitHub", s.Name, strings.Join(events, ", "))
			case gh && (rest || !onOthers), rest && !github:
				p.Report(s.NameRange, "stage %q runs for none of the pipeline's events (%s)", s.Name, strings.Join(events, ", "))
			case gh:
				p.Report(s.NameRange, "stage %q runs for none of the pipeline's events (%s) on GitHub", s.Name, strings.Join(events, ", "))
			case rest:
				p.Report(s.NameRange, "stage %q runs for none of the pipeline's events (%s) on %s (its native \"github\" if runs it on GitHub)", s.Name, strings.Join(events, ", "), strings.Join(others, ", "))
			}
		}
	},
}

// unreachable reports whether the stage runs in no scenario, on GitHub (github) or on
// the other targets, while every stage it needs may run there: a stage that needs one
// that never runs never runs either, and the finding on that one says why, once.
func unreachable(p *Pass, s *model.Stage, github bool) bool {
	if len(stageRuns(p, s, github)) > 0 {
		return false
	}
	for _, n := range s.Needs {
		for _, st := range p.Pipeline.Stages {
			if st.Name == n.Value && len(stageRuns(p, st, github)) == 0 {
				return false
			}
		}
	}
	return true
}
