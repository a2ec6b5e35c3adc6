package azure

import (
	"github.com/pipec-dev/pipec/compile/model"
	"github.com/pipec-dev/pipec/targets"
)

// reservedNames are the prefixes Azure Pipelines reserves: a variable whose name starts
// with one, in any case, is not available to tasks and scripts (Azure's "variable naming
// restrictions"). Azure's predefined variables are named with dots (Build.SourceBranch),
// and a secret reaches a step only through the env pipec maps it into, under the spec's
// own variable name, so a secret named like their environment form is left alone.
var reservedNames = func() []targets.Reserved {
	var out []targets.Reserved
	for _, p := range []string{"ENDPOINT", "INPUT", "SECRET", "PATH", "SECUREFILE"} {
		out = append(out, targets.Reserved{Prefix: p, Why: "Azure Pipelines reserves the prefixes endpoint, input, secret, path and securefile (in any case): a variable whose name starts with one is not available to tasks and scripts"})
	}
	return out
}()

// checkSecretNames reports secrets whose variable Azure would keep from the steps.
func (e *emitter) checkSecretNames() {
	targets.ReservedSecrets(e.plan.Pipeline, reservedNames, func(s *model.Secret, name string, r *targets.Reserved) {
		e.errorf(s.NameRange, "reserved-name", r.Why+": rename the secret (pipec reads it as its name in upper case)", "secret %q cannot be the variable %s on Azure Pipelines", s.Name, name)
	})
}
