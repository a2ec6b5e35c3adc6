package lint

import (
	"slices"
	"strings"

	"github.com/pipec-dev/pipec/compile/diag"
)

var ruleUnreachableStage = &Rule{
	ID:        "unreachable-stage",
	Category:  Correctness,
	Severity:  diag.Warning,
	Summary:   "a stage can never run for the pipeline's triggers",
	Rationale: "A when condition (with those of the stages it needs and its environment's branch rule) that is false for every trigger the pipeline has leaves the stage out of every run: typically a test of ci.event for an event the `on` block does not list, or a branch rule that the push filter excludes (a push of tags only is never a branch's, so it never deploys to an environment whose `branches` name branches). It is reported on the stage whose condition excludes it, not again on the stages that need it.",
	Fix:       "add the missing trigger to `on`, or correct the condition",
	check: func(p *Pass) {
		if len(scenarios(p.Pipeline)) == 0 {
			return
		}
		never := map[string]bool{}
		for _, s := range p.Pipeline.Stages {
			never[s.Name] = len(stageRuns(p, s)) == 0
		}
	stages:
		for _, s := range p.Pipeline.Stages {
			// A stage that needs one that never runs never runs either: the finding on
			// that one says why, once.
			for _, n := range s.Needs {
				if never[n.Value] {
					continue stages
				}
			}
			if never[s.Name] {
				var events []string
				for _, sc := range scenarios(p.Pipeline) {
					if !slices.Contains(events, sc.event) {
						events = append(events, sc.event)
					}
				}
				p.Report(s.NameRange, "stage %q runs for none of the pipeline's events (%s)", s.Name, strings.Join(events, ", "))
			}
		}
	},
}
