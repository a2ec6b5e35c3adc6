package github

import (
	"github.com/pipec-dev/pipec/compile/model"
	"github.com/pipec-dev/pipec/targets"
)

// reservedNames are the secret names GitHub refuses: those starting with GITHUB_.
var reservedNames = []targets.Reserved{
	{Prefix: "GITHUB_", Why: "GitHub refuses secret names starting with GITHUB_"},
}

// defaultVariables are the variables GitHub sets in every job and does not let env
// replace ("You can't overwrite the value of the default variables named GITHUB_* and
// RUNNER_*"): an env entry of such a name is ignored. Other GITHUB_* names, such as
// GITHUB_TOKEN for the gh CLI, are ordinary variables.
var defaultVariables = func() []targets.Reserved {
	const why = "GitHub sets this default variable in every job and ignores env that sets it"
	var out []targets.Reserved
	for _, n := range []string{
		"GITHUB_ACTION", "GITHUB_ACTION_PATH", "GITHUB_ACTION_REPOSITORY", "GITHUB_ACTIONS",
		"GITHUB_ACTOR", "GITHUB_ACTOR_ID", "GITHUB_API_URL", "GITHUB_BASE_REF", "GITHUB_ENV",
		"GITHUB_EVENT_NAME", "GITHUB_EVENT_PATH", "GITHUB_GRAPHQL_URL", "GITHUB_HEAD_REF",
		"GITHUB_JOB", "GITHUB_OUTPUT", "GITHUB_PATH", "GITHUB_REF", "GITHUB_REF_NAME",
		"GITHUB_REF_PROTECTED", "GITHUB_REF_TYPE", "GITHUB_REPOSITORY", "GITHUB_REPOSITORY_ID",
		"GITHUB_REPOSITORY_OWNER", "GITHUB_REPOSITORY_OWNER_ID", "GITHUB_RETENTION_DAYS",
		"GITHUB_RUN_ATTEMPT", "GITHUB_RUN_ID", "GITHUB_RUN_NUMBER", "GITHUB_SERVER_URL",
		"GITHUB_SHA", "GITHUB_STATE", "GITHUB_STEP_SUMMARY", "GITHUB_TRIGGERING_ACTOR",
		"GITHUB_WORKFLOW", "GITHUB_WORKFLOW_REF", "GITHUB_WORKFLOW_SHA", "GITHUB_WORKSPACE",
		"RUNNER_ARCH", "RUNNER_DEBUG", "RUNNER_ENVIRONMENT", "RUNNER_NAME", "RUNNER_OS",
		"RUNNER_TEMP", "RUNNER_TOOL_CACHE",
	} {
		out = append(out, targets.Reserved{Exact: n, Why: why})
	}
	return out
}()

// checkEnvNames reports env variables that name one of GitHub's default variables: the
// job would see GitHub's value, not the spec's.
func (e *emitter) checkEnvNames() {
	targets.ReservedEnv(e.plan.Pipeline, defaultVariables, func(v *model.EnvVar, r *targets.Reserved) {
		e.errorf(v.NameRange, "reserved-name", r.Why+": rename the variable", "variable %q cannot be set on GitHub", v.Name)
	})
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

// Predefined reports whether GitHub sets the variable name in every job (its default
// variables, GITHUB_* and RUNNER_*; not GITHUB_TOKEN, which is a secret's usual name).
func Predefined(name string) bool {
	return targets.ReservedRule(name, defaultVariables) != nil
}
