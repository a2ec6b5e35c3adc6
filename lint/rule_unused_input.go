package lint

import (
	"strings"

	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/targets"
)

var ruleUnusedInput = &Rule{
	ID:        "unused-input",
	Category:  Correctness,
	Severity:  diag.Warning,
	Summary:   "a manual input is declared and never read",
	Rationale: "An input shows up in every platform's run dialog. If nothing reads it, the person who starts a run sets a value that changes nothing, and believes otherwise. An input a native block reads in the platform's own syntax (GitHub's inputs.NAME, GitLab's $[[ inputs.NAME ]], Azure's parameters.NAME, the variable $PIPEC_INPUT_NAME) counts as read.",
	Fix:       "read it as ${input.NAME} or in a when condition, or delete it",
	check: func(p *Pass) {
		if p.Pipeline.On == nil || p.Pipeline.On.Manual == nil {
			return
		}
		seen := referenced(p)
		var texts []string
		walked := false
		for _, in := range p.Pipeline.On.Manual.Inputs {
			if seen["input."+in.Name] {
				continue
			}
			if !walked { // once, and only when an input is not read otherwise
				texts, walked = nativeTexts(p), true
			}
			if !nativeReadsInput(texts, in.Name) {
				p.Report(in.NameRange, "input %q is never read", in.Name)
			}
		}
	},
}

// nativeReadsInput reports whether a native block's text reads the input the way its
// platform holds it: inputs.NAME or inputs['NAME'] (GitHub, and GitLab's $[[ ]]),
// parameters.NAME (Azure), or the variable pipec sets from it ($PIPEC_INPUT_NAME).
func nativeReadsInput(texts []string, name string) bool {
	if mentionsName(texts, "PIPEC_INPUT_"+targets.EnvName(name)) {
		return true
	}
	for _, t := range texts {
		for _, w := range []string{"inputs." + name, "parameters." + name} {
			if wordAfter(t, w) {
				return true
			}
		}
		if strings.Contains(t, "inputs['"+name+"']") {
			return true
		}
	}
	return false
}
