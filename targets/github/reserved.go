package github

import (
	"github.com/pipec-dev/pipec/compile/model"
	"github.com/pipec-dev/pipec/targets"
)

// reservedNames are the secret names GitHub refuses: those starting with GITHUB_.
var reservedNames = []targets.Reserved{
	{Prefix: "GITHUB_", Why: "GitHub refuses secret names starting with GITHUB_"},
}

// checkSecretNames reports secrets of GitHub's store whose name it refuses. A Vault
// secret is read as an output of vault-action's step, under any name.
func (e *emitter) checkSecretNames() {
	targets.ReservedSecrets(e.plan.Pipeline, reservedNames, func(s *model.Secret, name string, r *targets.Reserved) {
		if s.Vault != nil {
			return
		}
		e.errorf(s.NameRange, "reserved-name", r.Why+": rename the secret (pipec reads it as its name in upper case)", "secret %q cannot be named %s on GitHub", s.Name, name)
	})
}
