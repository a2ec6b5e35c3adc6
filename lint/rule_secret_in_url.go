package lint

import (
	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/expr"
	"github.com/pipec-dev/pipec/compile/model"
)

// urlBefore matches text that leaves a following expansion inside a URL: in its authority
// ("https://", "https://user:", "https://x-access-token:") or as a query value
// ("https://api.example.com/v1?access_token=").
var urlBefore = lazy(`[a-z][a-z0-9+.-]*://([^\s"'/@]*|[^\s"'#]*[?&][^\s"'=&#]+=)$`)

// shellVar matches an expansion of a shell variable: $NAME or ${NAME}.
var shellVar = lazy(`\$(\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))`)

var ruleSecretInURL = &Rule{
	ID:        "secret-in-url",
	Category:  Security,
	Severity:  diag.Warning,
	Summary:   "a secret is written into a URL",
	Rationale: "Credentials in a URL end up where URLs go: git stores the remote in .git/config (which caches and artifacts may carry), tools print the URL in errors and progress lines, servers and proxies log query strings, and masking misses it once it is percent-encoded. The command line that holds it is visible to every process on the runner. The secret may be a reference (${secret.token}) or a variable of the step's env that holds one ($TOKEN).",
	Fix:       "hand the secret to the tool another way: a credential helper, an Authorization header read from a file, or the tool's token environment variable",
	check: func(p *Pass) {
		templates(p.Pipeline, func(t *expr.Template, at place) {
			if at.what != "run" {
				return
			}
			held := secretVars(at.step)
			lit := ""
			for _, part := range t.Parts {
				if part.Ref == nil {
					// $TOKEN, where the step's env gives TOKEN a secret.
					for _, m := range shellVar.FindAllStringSubmatchIndex(part.Lit, -1) {
						name := ""
						if m[4] >= 0 {
							name = part.Lit[m[4]:m[5]]
						} else {
							name = part.Lit[m[6]:m[7]]
						}
						if s, ok := held[name]; ok && urlBefore.MatchString(lit+part.Lit[:m[0]]) {
							p.Report(t.Range, "$%s (secret %q) is written into a URL in step %q", name, s, at.step.Name)
						}
					}
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

// secretVars maps each variable of a step's env that holds a secret to the secret's name.
func secretVars(st *model.Step) map[string]string {
	out := map[string]string{}
	if st == nil {
		return out
	}
	for _, v := range st.Env {
		for _, r := range v.Value.Refs() {
			if r.Root() == "secret" && len(r.Path) > 1 {
				out[v.Name] = r.Path[1]
			}
		}
	}
	return out
}
