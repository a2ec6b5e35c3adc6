package lint

import (
	"github.com/pipec-dev/pipec/compile/diag"
)

var ruleUnusedIdentity = &Rule{
	ID:        "unused-identity",
	Category:  Correctness,
	Severity:  diag.Warning,
	Summary:   "an identity is declared and no stage uses it",
	Rationale: "An identity only takes effect in stages that name it with identity = \"NAME\". One that no stage names is dead configuration, and the cloud-side trust policy made for it is a grant nobody reviews.",
	Fix:       "set identity = \"NAME\" on the stages that need cloud access, or delete the identity",
	check: func(p *Pass) {
		for _, id := range p.Pipeline.Identities {
			found := false
			for _, s := range p.Pipeline.Stages {
				found = found || (s.Identity != nil && s.Identity.Value == id.Name)
			}
			if !found {
				p.Report(id.NameRange, "identity %q is not used by any stage", id.Name)
			}
		}
	},
}
