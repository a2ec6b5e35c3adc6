package circleci

import (
	"fmt"
	"github.com/pipec-dev/pipec/targets/posix"
	"strings"

	"github.com/pipec-dev/pipec/compile"
	"github.com/pipec-dev/pipec/compile/model"
	"github.com/pipec-dev/pipec/targets"
)

func (e *emitter) secret(name string) *model.Secret { return e.plan.Secret(name) }

// secretValue is a secret's value in a step: a project (or context) environment variable,
// or read from Vault with the token vaultLogin got.
func (e *emitter) secretValue(name string) string {
	s := e.secret(name)
	if s == nil || s.Vault == nil {
		return "${" + targets.EnvName(name) + ":-}"
	}
	e.warnOnce(s.Vault.Range, "unmasked-secret", "CircleCI masks project and context variables only: a value read from Vault at run time is printed in clear by any echo or set -x; keep it out of the log, or store it as a project or context variable", "Vault secret %q is not masked in CircleCI's logs", s.Name)
	return posix.VaultRead(s.Vault.Path.Value, s.Vault.Field.Value)
}

// vaultRead reports whether a step reads a Vault secret.
func (e *emitter) vaultRead(st *compile.Step) bool {
	refs := st.Run.Refs()
	for _, v := range st.Env {
		refs = append(refs, v.Value.Refs()...)
	}
	for _, r := range refs {
		if r.Root() == "secret" {
			if s := e.secret(r.Path[1]); s != nil && s.Vault != nil {
				return true
			}
		}
	}
	return false
}

// vaultLogin logs in to Vault with CircleCI's OIDC token for the Vault audience; the
// token stays in this step's shell, unexported, until the step's secrets are read.
func (e *emitter) vaultLogin() string {
	v := e.plan.Pipeline.Vault
	aud := v.Address.Value
	if v.Audience.Value != "" {
		aud = v.Audience.Value
	}
	mount := "jwt"
	if v.AuthPath.Value != "" {
		mount = v.AuthPath.Value
	}
	return posix.VaultLogin(strings.Trim(mount, "/"), v.Role.Value, "\"$(circleci run oidc get --claims "+posix.Quote(claims(aud))+")\"")
}

func claims(aud string) string {
	return `{"aud":"` + targets.JSONEscape(aud) + `"}`
}

// login exchanges CircleCI's OIDC token for the identity's credentials and exports them
// to every later step through $BASH_ENV. windows says the job may run on Windows.
func (e *emitter) login(id *model.Identity, windows bool) string {
	token := func(aud string, file string) string {
		if aud == "" {
			return fmt.Sprintf("printf '%%s' \"$CIRCLE_OIDC_TOKEN_V2\" > %s\n", file)
		}
		// The CLI may end the token with a line break, which AWS's and Google's token file
		// readers keep and their token services refuse: the file holds the token alone,
		// as on the other targets. The assignment keeps a failed get fatal under -e.
		return fmt.Sprintf("pipec_token=$(circleci run oidc get --claims %s)\nprintf '%%s' \"$pipec_token\" > %s\n", posix.Quote(claims(aud)), file)
	}
	exp := func(name, value string) string {
		return fmt.Sprintf("printf 'export %s=%%q\\n' %s >> \"$BASH_ENV\"\n", name, value)
	}
	file := "/tmp/pipec-oidc-" + targets.EnvName(id.Name)
	switch {
	case id.AWS != nil:
		aud := ""
		if id.AWS.Audience != nil {
			aud = id.AWS.Audience.Value
		}
		return fmt.Sprintf("# %s: AWS role through CircleCI's OIDC token (read by the AWS CLI and SDKs)\n", id.Name) +
			token(aud, file) +
			exp("AWS_WEB_IDENTITY_TOKEN_FILE", posix.Quote(file)) +
			exp("AWS_ROLE_ARN", posix.Quote(id.AWS.RoleARN.Value)) +
			exp("AWS_ROLE_SESSION_NAME", `"circleci-${CIRCLE_BUILD_NUM:-job}"`) +
			exp("AWS_REGION", posix.Quote(id.AWS.Region.Value)) +
			exp("AWS_DEFAULT_REGION", posix.Quote(id.AWS.Region.Value))
	case id.GCP != nil:
		provider := id.GCP.WorkloadIdentityProvider.Value
		aud := "https://iam.googleapis.com/" + provider
		if id.GCP.Audience != nil {
			aud = id.GCP.Audience.Value
		}
		cred, credFile := gcpCredentials(id.GCP, file, windows)
		return fmt.Sprintf("# %s: Google Cloud workload identity federation through CircleCI's OIDC token\n", id.Name) +
			token(aud, file) + cred +
			exp("GOOGLE_APPLICATION_CREDENTIALS", credFile) +
			exp("CLOUDSDK_AUTH_CREDENTIAL_FILE_OVERRIDE", credFile)
	case id.Azure != nil:
		s := fmt.Sprintf("# %s: Azure federated credential through CircleCI's OIDC token\n", id.Name) +
			token("api://AzureADTokenExchange", file) +
			exp("AZURE_CLIENT_ID", posix.Quote(id.Azure.ClientID.Value)) +
			exp("AZURE_TENANT_ID", posix.Quote(id.Azure.TenantID.Value)) +
			exp("AZURE_FEDERATED_TOKEN_FILE", posix.Quote(file))
		if id.Azure.SubscriptionID != nil {
			s += exp("AZURE_SUBSCRIPTION_ID", posix.Quote(id.Azure.SubscriptionID.Value))
		}
		s += fmt.Sprintf("if command -v az >/dev/null 2>&1; then\n  az login --service-principal -u %s -t %s --federated-token \"$(cat %s)\" --output none\n",
			posix.Quote(id.Azure.ClientID.Value), posix.Quote(id.Azure.TenantID.Value), file)
		if id.Azure.SubscriptionID != nil {
			s += fmt.Sprintf("  az account set --subscription %s\n", posix.Quote(id.Azure.SubscriptionID.Value))
		}
		return s + "fi\n"
	case id.OIDC != nil:
		e.warnOnce(id.OIDC.Range, "unmasked-secret", "CircleCI masks project and context variables only: the OIDC token in this variable is printed in clear by any echo or set -x; keep it out of the log", "identity %q's token is not masked in CircleCI's logs", id.Name)
		return fmt.Sprintf("# %s: CircleCI's OIDC token for %s in $%s\n", id.Name, id.OIDC.Audience.Value, id.OIDC.Env.Value) +
			token(id.OIDC.Audience.Value, file) +
			exp(id.OIDC.Env.Value, fmt.Sprintf(`"$(cat %s)"`, file))
	}
	panic("circleci: identity without provider")
}

// gcpCredentials writes the GCP credential configuration that reads the token from
// file, into file.json, and is the shell word that names file.json. On Windows gcloud is
// a native program that reads the token file's path from the JSON, where the bash
// path (/tmp/...) is another file: there the path is the one Windows reads
// (targets.NativePath), known only when the job runs.
func gcpCredentials(g *model.GCPIdentity, file string, windows bool) (script, credFile string) {
	provider, sa := g.WorkloadIdentityProvider.Value, g.ServiceAccount.Value
	if !windows {
		cfg := targets.GCPCredentialConfig(provider, sa, file)
		return fmt.Sprintf("printf '%%s' %s > %s.json\n", posix.Quote(cfg), file), posix.Quote(file + ".json")
	}
	before, after := targets.GCPCredentialParts(provider, sa)
	return "pipec_token_file=" + posix.Quote(file) + "\n" + targets.NativePath("pipec_token_file") +
		fmt.Sprintf("printf '%%s%%s%%s' %s \"$pipec_token_file\" %s > \"$pipec_token_file.json\"\n", posix.Quote(before), posix.Quote(after)), `"$pipec_token_file.json"`
}

// vaultCLI warns of a job that reads Vault secrets in an image not known to have the
// vault CLI: CircleCI has no Vault integration, so pipec logs in and reads them with
// that CLI in the job's container, and neither cimg/base, the default, nor common images
// (python:3.12-slim) have it; the step fails with "vault: command not found". A job
// without an image warns at the vault block, once for all of them.
func (e *emitter) vaultCLI(j *cjob) {
	const detail = "CircleCI has no Vault integration: pipec logs in to Vault and reads its secrets with HashiCorp's vault CLI in the job's container, so the image must have it; use one that has (hashicorp/vault, or your own built with it), or install it in a step before the first that reads a Vault secret"
	switch {
	case j.Image == nil && j.Runner.Class == model.RunnerLinux:
		e.warnOnce(e.plan.Pipeline.Vault.Range, "vault-cli", detail, "Vault secrets are read with the vault CLI on CircleCI, which its default image, %s, does not have", defaultImage)
		return
	case j.Image == nil:
		e.warnOnce(e.plan.Pipeline.Vault.Range, "vault-cli", detail, "Vault secrets are read with the vault CLI on CircleCI, which the job's machine must have")
		return
	}
	if j.Image.IsLiteral() && targets.VaultCLIImage(j.Image.Text()) {
		return
	}
	e.warnOnce(j.Image.Range, "vault-cli", detail, "stage %q reads Vault secrets with the vault CLI on CircleCI, which %q must have", j.Stage.Name, j.Image.Text())
}
