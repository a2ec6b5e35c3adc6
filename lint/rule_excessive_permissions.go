package lint

import (
	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/model"
)

var ruleExcessivePermissions = &Rule{
	ID:        "excessive-permissions",
	Category:  Security,
	Severity:  diag.Warning,
	Summary:   "a native block gives a GitHub job every permission",
	Rationale: "pipec gives each GitHub job contents: read, plus id-token: write where it uses an identity or Vault, and nothing else. A native \"github\" block's permissions replace that: write-all lets every step, and every action it runs, push commits, publish packages, and change releases and issues with the job's GITHUB_TOKEN; read-all lets them read every part of the repository the token reaches, security events and packages among them. A compromised dependency or script then does whatever the token allows.",
	Fix:       "name only the scopes the job needs, as a mapping: native \"github\" { permissions = { packages = \"write\" } } keeps contents: read and adds packages: write",
	check: func(p *Pass) {
		for _, s := range p.Pipeline.Stages {
			v := nativeKey(p, s, "github", "permissions")
			if v == nil || v.Kind != model.KindString {
				continue
			}
			switch v.Text() {
			case "write-all", "read-all":
				p.Report(v.Range, "stage %q gives its GitHub job permissions %s", s.Name, v.Text())
			}
		}
	},
}
