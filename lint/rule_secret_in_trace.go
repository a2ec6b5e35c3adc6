package lint

import (
	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/expr"
)

// xtrace matches set -x, set -o xtrace and bash -x.
var xtrace = lazy(`(^|[\s;&|])(set\s+-[a-wyz]*x|set\s+-o\s+xtrace|(ba)?sh\s+-[a-wyz]*x)`)

var ruleSecretInTrace = &Rule{
	ID:        "secret-in-trace",
	Category:  Security,
	Severity:  diag.Warning,
	Summary:   "a step that reads secrets traces its commands",
	Rationale: "With set -x the shell prints every command after expansion, secrets included. Masking on the platforms matches exact values only: a secret that is encoded, split or embedded in a URL is printed in clear.",
	Fix:       "drop set -x from steps that handle secrets, or turn it off (set +x) around the commands that expand them",
	check: func(p *Pass) {
		templates(p.Pipeline, func(t *expr.Template, at place) {
			if at.what != "run" || !xtrace.MatchString(t.Literal()) {
				return
			}
			if stepReadsSecret(at) {
				p.Report(at.step.NameRange, "step %q traces commands (set -x) and reads secrets", at.step.Name)
			}
		})
	},
}

// stepReadsSecret reports whether a step's script, its env, or its stage's env names a
// secret.
func stepReadsSecret(at place) bool {
	has := func(t *expr.Template) bool {
		for _, r := range t.Refs() {
			if r.Root() == "secret" {
				return true
			}
		}
		return false
	}
	if has(&at.step.Run) {
		return true
	}
	for _, v := range at.step.Env {
		if has(&v.Value) {
			return true
		}
	}
	for _, v := range at.stage.Env {
		if has(&v.Value) {
			return true
		}
	}
	return false
}
