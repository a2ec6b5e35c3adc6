package lint

import (
	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/expr"
)

// credentialPatterns match well-known token formats.
var credentialPatterns = []struct {
	name string
	re   *lazyRegexp
}{
	{"an AWS access key ID", lazy(`\b(AKIA|ASIA)[0-9A-Z]{16}\b`)},
	{"a GitHub token", lazy(`\b(ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}\b|\bgithub_pat_[A-Za-z0-9_]{40,}`)},
	{"a GitLab token", lazy(`\bglpat-[A-Za-z0-9_-]{20}\b`)},
	{"a Slack token", lazy(`\bxox[abprs]-[A-Za-z0-9-]{10,}`)},
	{"a private key", lazy(`-----BEGIN ([A-Z]+ )?PRIVATE KEY-----`)},
	{"a Google API key", lazy(`\bAIza[0-9A-Za-z_-]{35}\b`)},
	{"a Stripe live key", lazy(`\b(sk|rk)_live_[0-9A-Za-z]{20,}`)},
}

var ruleSecretLiteral = &Rule{
	ID:        "secret-literal",
	Category:  Security,
	Severity:  diag.Error,
	Summary:   "a credential is written into the spec",
	Rationale: "A credential in the spec is in the repository's history for good, in every clone and fork, and in the generated YAML. It has to be revoked, not just removed.",
	Fix:       "revoke the credential, declare a secret (secret \"NAME\" {}) and reference ${secret.NAME}",
	check: func(p *Pass) {
		templates(p.Pipeline, func(t *expr.Template, at place) {
			s := t.Literal()
			for _, c := range credentialPatterns {
				if c.re.MatchString(s) {
					p.Report(t.Range, "this %s holds what looks like %s", at.what, c.name)
					return
				}
			}
		})
	},
}
