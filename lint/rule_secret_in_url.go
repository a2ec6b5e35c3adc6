package lint

import (
	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/expr"
)

// urlBefore matches text that leaves a following expansion inside a URL's authority:
// "https://", "https://user:" or "https://x-access-token:".
var urlBefore = lazy(`[a-z][a-z0-9+.-]*://[^\s"'/@]*$`)

var ruleSecretInURL = &Rule{
	ID:        "secret-in-url",
	Category:  Security,
	Severity:  diag.Warning,
	Summary:   "a secret is written into a URL",
	Rationale: "Credentials in a URL end up where URLs go: git stores the remote in .git/config (which caches and artifacts may carry), tools print the URL in errors and progress lines, and masking misses it once it is percent-encoded. The command line that holds it is visible to every process on the runner.",
	Fix:       "hand the secret to the tool another way: a credential helper, an Authorization header read from a file, or the tool's token environment variable",
	check: func(p *Pass) {
		templates(p.Pipeline, func(t *expr.Template, at place) {
			if at.what != "run" {
				return
			}
			lit := ""
			for _, part := range t.Parts {
				if part.Ref == nil {
					lit += part.Lit
					continue
				}
				if part.Ref.Root() == "secret" && urlBefore.MatchString(lit) {
					p.Report(part.Ref.Range, "%s is written into a URL in step %q", part.Ref.String(), at.step.Name)
				}
				lit += "x"
			}
		})
	},
}
