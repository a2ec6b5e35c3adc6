package lint

import (
	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/model"
)

var ruleCheckoutPersistsCredentials = &Rule{
	ID:        "checkout-persists-credentials",
	Category:  Security,
	Severity:  diag.Warning,
	Summary:   "a native block checks out the repository and leaves the job's token in .git/config",
	Rationale: "actions/checkout writes the job's GITHUB_TOKEN into .git/config unless told not to, and it stays there for every later step of the job: any script, build tool or action that reads the work tree can read the token, and an artifact or cache that holds the directory (upload-artifact of the work tree, a Docker build context) publishes it. pipec's own checkout sets persist-credentials: false; a checkout a native \"github\" block adds does not unless it says so.",
	Fix:       "add with = { persist-credentials = false } to the checkout step, and pass the token to the one command that pushes, if one does",
	check: func(p *Pass) {
		for _, s := range p.Pipeline.Stages {
			steps := nativeKey(p, s, "github", "steps")
			if steps == nil || steps.Kind != model.KindList {
				continue
			}
			for _, st := range steps.List {
				uses := mapKey(st, "uses")
				if uses == nil || uses.Kind != model.KindString || actionName(uses.Str) != "actions/checkout" {
					continue
				}
				if v := mapKey(mapKey(st, "with"), "persist-credentials"); v == nil || !offText(v.Text()) {
					p.Report(uses.Range, "stage %q checks out the repository with %s and leaves the job's token in .git/config", s.Name, uses.Str)
				}
			}
		}
	},
}
