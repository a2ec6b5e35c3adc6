package lint

import (
	"strings"

	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/model"
)

var ruleOverprovisionedSecrets = &Rule{
	ID:        "overprovisioned-secrets",
	Category:  Security,
	Severity:  diag.Warning,
	Summary:   "a native block hands a GitHub job every secret",
	Rationale: "pipec gives each step the secrets it names, and no others. A native \"github\" block that writes toJSON(secrets) or indexes secrets with a computed name (secrets[inputs.name]) hands over every secret of the repository and organization the workflow can see instead: the runner then holds all of them, so a compromised step or action can read them all, not only the ones the job needs.",
	Fix:       "name each secret the job needs: a pipec secret the step reads (${secret.name}), or secrets.NAME in the native block",
	check: func(p *Pass) {
		for _, s := range p.Pipeline.Stages {
			targetStrings(p, s, "github", func(v *model.Value) {
				if m := allSecrets.get().FindString(v.Str); m != "" {
					how := "secrets[...] with a computed name"
					if strings.HasPrefix(strings.ToLower(m), "tojson") {
						how = "toJSON(secrets)"
					}
					p.Report(v.Range, "stage %q hands its GitHub job every secret through %s", s.Name, how)
				}
			})
		}
	},
}

// allSecrets finds a GitHub expression that reads the secrets context whole: toJSON of
// it, or an index that is not a quoted name.
var allSecrets = lazy(`(?i)\btojson\(\s*secrets\s*\)|\bsecrets\s*\[\s*[^\s'"]`)
