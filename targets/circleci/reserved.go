package circleci

import (
	"github.com/pipec-dev/pipec/compile/model"
	"github.com/pipec-dev/pipec/targets"
)

// reservedNames are CircleCI's built-in variables. A project or context variable of
// such a name outranks the built-in in every job (CircleCI's order of precedence), and
// pipec reads ci values from them. CIRCLE_* is not reserved as a whole: CIRCLE_TOKEN,
// for one, is the name CircleCI's own documents give a user's API token.
var reservedNames = func() []targets.Reserved {
	const why = "CircleCI sets this built-in variable in every job"
	var out []targets.Reserved
	for _, n := range []string{
		"CI", "CIRCLECI", "CIRCLE_BRANCH", "CIRCLE_BUILD_NUM", "CIRCLE_BUILD_URL",
		"CIRCLE_COMPARE_URL", "CIRCLE_INTERNAL_TASK_DATA", "CIRCLE_JOB", "CIRCLE_NODE_INDEX",
		"CIRCLE_NODE_TOTAL", "CIRCLE_OIDC_TOKEN", "CIRCLE_OIDC_TOKEN_V2", "CIRCLE_PR_NUMBER",
		"CIRCLE_PR_REPONAME", "CIRCLE_PR_USERNAME", "CIRCLE_PREVIOUS_BUILD_NUM",
		"CIRCLE_PROJECT_REPONAME", "CIRCLE_PROJECT_USERNAME", "CIRCLE_PULL_REQUEST",
		"CIRCLE_PULL_REQUESTS", "CIRCLE_REPOSITORY_URL", "CIRCLE_SHA1", "CIRCLE_TAG",
		"CIRCLE_USERNAME", "CIRCLE_WORKFLOW_ID", "CIRCLE_WORKFLOW_JOB_ID",
		"CIRCLE_WORKFLOW_WORKSPACE_ID", "CIRCLE_WORKING_DIRECTORY",
	} {
		out = append(out, targets.Reserved{Exact: n, Why: why})
	}
	return out
}()

// checkSecretNames reports secrets whose variable is one of CircleCI's built-ins.
func (e *emitter) checkSecretNames() {
	targets.ReservedSecrets(e.plan.Pipeline, reservedNames, func(s *model.Secret, name string, r *targets.Reserved) {
		e.errorf(s.NameRange, "reserved-name", r.Why+", and a project or context variable of its name replaces it there: rename the secret (pipec reads it as its name in upper case)", "secret %q cannot be the variable %s on CircleCI", s.Name, name)
	})
}

// checkEnvNames warns about env variables named like one of CircleCI's built-ins: the
// job's and the step's environment outrank the built-in (CircleCI's order of
// precedence), so the job, and pipec's ci references, which read CIRCLE_SHA1,
// CIRCLE_BRANCH and the like in scripts, see the spec's value there, on this target alone.
func (e *emitter) checkEnvNames() {
	targets.ReservedEnv(e.plan.Pipeline, reservedNames, func(v *model.EnvVar, r *targets.Reserved) {
		e.warnf(v.NameRange, "reserved-name", r.Why+": setting it replaces CircleCI's value in the job, which then runs unlike on the other targets; rename the variable", "variable %q replaces a built-in variable on CircleCI", v.Name)
	})
}

// Predefined reports whether CircleCI sets the variable name in every job (its built-in
// variables: CI, CIRCLECI, CIRCLE_SHA1, ...).
func Predefined(name string) bool {
	return targets.ReservedRule(name, reservedNames) != nil
}
