package lint

import (
	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/model"
)

var ruleUnredactedSecrets = &Rule{
	ID:        "unredacted-secrets",
	Category:  Security,
	Severity:  diag.Warning,
	Summary:   "a native block reads a field of a structured secret, which GitHub does not mask",
	Rationale: "GitHub masks a secret in the log by its whole value. A native \"github\" block that reads a field of a secret holding JSON (fromJSON(secrets.CREDS).password) gets a value GitHub never registered as secret: printed by a step, an error message or set -x, it appears in the log in clear text, readable by everyone who can read the run.",
	Fix:       "store each field the job needs as a secret of its own and read that (secrets.CREDS_PASSWORD), or mask the field in the step first: echo \"::add-mask::$FIELD\"",
	check: func(p *Pass) {
		for _, s := range p.Pipeline.Stages {
			targetStrings(p, s, "github", func(v *model.Value) {
				if m := secretFromJSON.get().FindString(v.Str); m != "" {
					p.Report(v.Range, "stage %q reads %s), whose fields GitHub does not mask", s.Name, m)
				}
			})
		}
	},
}

// secretFromJSON finds a GitHub expression that parses a secret as JSON.
var secretFromJSON = lazy(`(?i)\bfromjson\(\s*secrets\.[A-Za-z0-9_]+`)
