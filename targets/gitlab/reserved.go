package gitlab

import (
	"slices"
	"strings"

	"github.com/pipec-dev/pipec/compile/model"
	"github.com/pipec-dev/pipec/targets"
)

// reservedNames are the variables GitLab predefines in every job (CI, CI_*, GITLAB_*):
// a CI/CD variable of such a name and GitLab's own collide, and a job reads one of them.
var reservedNames = []targets.Reserved{
	{Exact: "CI", Why: "GitLab predefines CI in every job"},
	{Prefix: "CI_", Why: "GitLab predefines the CI_* variables in every job (CI_JOB_TOKEN, CI_COMMIT_BRANCH, ...)"},
	{Prefix: "GITLAB_", Why: "GitLab predefines the GITLAB_* variables in every job"},
}

// checkSecretNames reports secrets whose variable is one GitLab predefines.
func (e *emitter) checkSecretNames() {
	targets.ReservedSecrets(e.plan.Pipeline, reservedNames, func(s *model.Secret, name string, r *targets.Reserved) {
		e.errorf(s.NameRange, "reserved-name", r.Why+", and the job would read GitLab's value or lose it: rename the secret (pipec reads it as its name in upper case)", "secret %q cannot be the variable %s on GitLab", s.Name, name)
	})
}

// settable are the predefined-looking variables GitLab's documents ask a job to set.
var settable = []string{"CI_DEBUG_TRACE", "CI_DEBUG_SERVICES"}

// checkEnvNames warns about env variables that replace one GitLab predefines: GitLab
// lets a job do so, but the job then sees another value than GitLab's (pipec's ci
// references read CI_* variables too), on this target alone.
func (e *emitter) checkEnvNames() {
	targets.ReservedEnv(e.plan.Pipeline, reservedNames, func(v *model.EnvVar, r *targets.Reserved) {
		if slices.Contains(settable, strings.ToUpper(v.Name)) {
			return
		}
		e.warnf(v.NameRange, "reserved-name", r.Why+": setting it replaces GitLab's value in the job, which then runs unlike on the other targets; rename the variable", "variable %q replaces a predefined variable on GitLab", v.Name)
	})
}

// Predefined reports whether GitLab sets the variable name in every job (CI, CI_*,
// GITLAB_*), but for those its documents ask a job to set (CI_DEBUG_TRACE).
func Predefined(name string) bool {
	return targets.ReservedRule(name, reservedNames) != nil && !slices.Contains(settable, strings.ToUpper(name))
}
