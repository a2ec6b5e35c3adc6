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
	Rationale: "A when condition (with those of the stages it needs and its environment's branch rule) that is false for every trigger the pipeline has leaves the stage out of every run: typically a test of ci.event for an event the `on` block does not list, or a branch rule that the push filter excludes.",
	Fix:       "add the missing trigger to `on`, or correct the condition",
	check: func(p *Pass) {
		if len(scenarios(p.Pipeline)) == 0 {
			return
		}
		for _, s := range p.Pipeline.Stages {
			if len(stageRuns(p, s)) == 0 {
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
