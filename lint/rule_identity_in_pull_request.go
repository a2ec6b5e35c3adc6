package lint

import (
	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/model"
)

var ruleIdentityInPullRequest = &Rule{
	ID:        "identity-in-pull-request",
	Category:  Security,
	Severity:  diag.Warning,
	Summary:   "a stage with a cloud identity runs for pull requests",
	Rationale: "A cloud identity turns the platform's OIDC token into cloud credentials. If the stage runs for pull requests, the code under review runs with those credentials, unless the cloud's trust policy refuses pull-request tokens (a subject condition on the ref), which is easy to get wrong. A native block that asks for the token counts too: GitHub's permissions with id-token: write, GitLab's id_tokens. " + nativeIfNote,
	Fix:       "limit the stage to pushes (when = ci.event == \"push\") or give pull requests an identity whose role can only read",
	check: func(p *Pass) {
		for _, s := range p.Pipeline.Stages {
			if !stagePR(p, s).any() {
				continue
			}
			if s.Identity != nil {
				p.Report(s.Identity.Range, "stage %q assumes identity %q and runs for pull requests", s.Name, s.Identity.Value)
				continue
			}
			if v, target := nativeOIDC(p, s); v != nil {
				p.Report(v.Range, "stage %q asks for an OIDC token in its native %q block and runs for pull requests", s.Name, target)
			}
		}
	},
}

// nativeOIDC finds the key of a stage's native blocks that gives its job an OIDC token on
// a selected target: GitHub's id-token: write permission, GitLab's id_tokens. It returns
// the value and its target, or nil.
func nativeOIDC(p *Pass, s *model.Stage) (*model.Value, string) {
	if v := mapKey(nativeKey(p, s, "github", "permissions"), "id-token"); v != nil && v.Text() == "write" {
		return v, "github"
	}
	if v := nativeKey(p, s, "gitlab", "id_tokens"); v != nil {
		return v, "gitlab"
	}
	return nil, ""
}
