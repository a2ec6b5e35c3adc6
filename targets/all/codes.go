package all

// Code is a code a target reports, and how: as a warning, which lint's rule
// target-unsupported reports and pipec:ignore[target-unsupported] hides; as an error,
// the target cannot write the spec as it is, and nothing hides it; or either, by case.
type Code struct {
	Code           string
	Warning, Error bool
}

func (c Code) severities() []string {
	var out []string
	if c.Error {
		out = append(out, "error")
	}
	if c.Warning {
		out = append(out, "warning")
	}
	return out
}

// Codes lists the codes target reports, sorted. TestCodesMatchTheSource holds the list
// to the targets' source.
func Codes(target string) []Code { return codes[target] }

// CodeOf finds a target's code; ok is false when the target reports no such code.
func CodeOf(target, code string) (Code, bool) {
	for _, c := range codes[target] {
		if c.Code == code {
			return c, true
		}
	}
	return Code{}, false
}

// codes is what Codes returns, by target.
var codes = map[string][]Code{
	"github": {
		{Code: "alpine-on-arm64", Warning: true},
		{Code: "approval-in-environment-settings", Warning: true},
		{Code: "approval-needs-reviewers", Warning: true},
		{Code: "azure-login-in-image", Warning: true},
		{Code: "bad-native-value", Error: true},
		{Code: "container-needs-linux", Error: true},
		{Code: "image-without-bash", Warning: true},
		{Code: "image-without-libc", Warning: true},
		{Code: "job-name-collision", Error: true},
		{Code: "matrix-too-large", Error: true},
		{Code: "name-collision", Error: true},
		{Code: "native-replaces-list", Warning: true},
		{Code: "native-replaces-mapping", Warning: true},
		{Code: "reserved-name", Error: true},
		{Code: "retention-too-long", Error: true},
		{Code: "rollback-after-allowed-failure", Warning: true},
		{Code: "service-port-conflict", Error: true},
		{Code: "service-without-ports", Warning: true},
		{Code: "services-need-linux", Error: true},
		{Code: "timeout-too-long", Error: true},
		{Code: "too-many-inputs", Error: true},
		{Code: "unsupported-character", Error: true},
		{Code: "unsupported-condition", Error: true},
		{Code: "unsupported-glob", Error: true},
		{Code: "unsupported-reference", Error: true},
		{Code: "unsupported-retries", Error: true},
	},
	"gitlab": {
		{Code: "artifact-retention", Warning: true},
		{Code: "bad-native-value", Error: true},
		{Code: "cache-key-files", Warning: true},
		{Code: "cache-outside-project", Warning: true},
		{Code: "container-needs-linux", Error: true},
		{Code: "dotenv-limit", Warning: true},
		{Code: "encoded-output", Warning: true},
		{Code: "fail-fast-unsupported", Warning: true},
		{Code: "input-required-unsupported", Warning: true},
		{Code: "job-name-collision", Error: true},
		{Code: "job-name-too-long", Error: true},
		{Code: "matrix-too-large", Error: true},
		{Code: "max-parallel-unsupported", Warning: true},
		{Code: "native-replaces-list", Warning: true},
		{Code: "native-replaces-mapping", Warning: true},
		{Code: "native-stage-order", Error: true},
		{Code: "number-default-changes", Error: true},
		{Code: "paths-ignore-unsupported", Warning: true},
		{Code: "reserved-name", Error: true, Warning: true},
		{Code: "retries-capped", Warning: true},
		{Code: "rollback-after-allowed-failure", Warning: true},
		{Code: "schedule-outside-file", Warning: true},
		{Code: "services-need-linux", Error: true},
		{Code: "step-timeout-unsupported", Warning: true},
		{Code: "timeout-too-long", Error: true},
		{Code: "too-many-needs", Error: true},
		{Code: "too-many-options", Error: true},
		{Code: "too-many-paths", Error: true},
		{Code: "unsupported-character", Error: true},
		{Code: "unsupported-condition", Error: true},
		{Code: "unsupported-glob", Error: true},
		{Code: "unsupported-reference", Error: true},
		{Code: "unsupported-shell", Error: true},
		{Code: "windows-bash", Warning: true},
	},
	"circleci": {
		{Code: "approval-before-condition", Warning: true},
		{Code: "approval-unrestricted", Warning: true},
		{Code: "artifact-retention", Warning: true},
		{Code: "bad-native-value", Error: true},
		{Code: "cache-path-glob", Warning: true},
		{Code: "fail-fast-unsupported", Warning: true},
		{Code: "github-app-values", Warning: true},
		{Code: "image-unsupported", Error: true},
		{Code: "image-without-bash", Warning: true},
		{Code: "input-required-unsupported", Warning: true},
		{Code: "job-name-collision", Error: true},
		{Code: "matrix-include-too-large", Error: true},
		{Code: "max-parallel-unsupported", Warning: true},
		{Code: "native-replaces-condition", Warning: true},
		{Code: "native-replaces-list", Warning: true},
		{Code: "native-replaces-mapping", Warning: true},
		{Code: "non-integer-input", Error: true},
		{Code: "parameter-name", Error: true},
		{Code: "paths-need-dynamic-config", Warning: true},
		{Code: "pull-request-branches-outside-file", Warning: true},
		{Code: "reserved-name", Error: true, Warning: true},
		{Code: "retries-capped", Warning: true},
		{Code: "runner-resource-class", Warning: true},
		{Code: "schedule-outside-file", Warning: true},
		{Code: "service-port-conflict", Error: true},
		{Code: "services-unsupported", Error: true},
		{Code: "step-timeout-no-output", Warning: true},
		{Code: "timeout-unsupported", Warning: true},
		{Code: "unmasked-secret", Warning: true},
		{Code: "unsupported-character", Error: true},
		{Code: "unsupported-condition", Error: true},
		{Code: "unsupported-reference", Error: true},
		{Code: "unsupported-shell", Error: true},
		{Code: "vault-cli", Warning: true},
	},
	"azure": {
		{Code: "actor-is-display-name", Warning: true},
		{Code: "approval-in-environment-checks", Warning: true},
		{Code: "artifact-in-strategy", Error: true},
		{Code: "artifact-name-collision", Error: true},
		{Code: "artifact-retention", Warning: true},
		{Code: "bad-native-value", Error: true},
		{Code: "cache-path-glob", Warning: true},
		{Code: "canary-approval-once", Warning: true},
		{Code: "container-needs-linux", Error: true},
		{Code: "fail-fast-unsupported", Warning: true},
		{Code: "glob-order", Warning: true},
		{Code: "image-entrypoint", Warning: true},
		{Code: "image-without-bash", Warning: true},
		{Code: "input-required-unsupported", Warning: true},
		{Code: "matrix-in-deployment", Error: true},
		{Code: "missing-service-connection", Warning: true},
		{Code: "name-collision", Error: true},
		{Code: "native-replaces-list", Warning: true},
		{Code: "native-replaces-mapping", Warning: true},
		{Code: "no-hosted-arm64", Warning: true},
		{Code: "oidc-audience-fixed", Warning: true},
		{Code: "outputs-in-strategy", Error: true},
		{Code: "outputs-in-switch", Warning: true},
		{Code: "outsider-value-in-cmd", Error: true},
		{Code: "outsider-value-in-directory", Error: true},
		{Code: "path-character", Warning: true},
		{Code: "reserved-name", Error: true, Warning: true},
		{Code: "rolling-batch-is-resource", Warning: true},
		{Code: "rolling-batches", Warning: true},
		{Code: "rolling-runner", Warning: true},
		{Code: "secret-not-allowed", Error: true},
		{Code: "service-port-conflict", Error: true},
		{Code: "service-without-ports", Warning: true},
		{Code: "services-need-linux", Error: true},
		{Code: "stage-name-collision", Error: true},
		{Code: "timeout-capped", Warning: true},
		{Code: "token-task-in-container", Warning: true},
		{Code: "unsupported-character", Error: true},
		{Code: "unsupported-condition", Error: true},
		{Code: "unsupported-glob", Error: true},
		{Code: "unsupported-reference", Error: true},
		{Code: "unsupported-shell", Error: true},
		{Code: "vault-cli", Warning: true},
		{Code: "vault-secret-shell", Error: true},
	},
}
