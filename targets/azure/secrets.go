package azure

import (
	"fmt"
	"strings"

	"github.com/pipec-dev/pipec/compile"
	"github.com/pipec-dev/pipec/compile/expr"
	"github.com/pipec-dev/pipec/compile/model"
	"github.com/pipec-dev/pipec/targets"
	"github.com/pipec-dev/pipec/targets/posix"
)

// azureAudience is the audience of every OIDC token Azure Pipelines issues.
const azureAudience = "api://AzureADTokenExchange"

// connection is the service connection an identity gets its token from. Azure Pipelines
// issues OIDC tokens only through one; without service_connection pipec uses one named
// after the identity and says so.
func (e *emitter) connection(id *model.Identity) string {
	if id.ServiceConnection != nil {
		return id.ServiceConnection.Value
	}
	e.warnOnce(id.NameRange, "missing-service-connection", fmt.Sprintf("Azure Pipelines issues OIDC tokens only through a service connection (an Azure Resource Manager connection with workload identity federation); pipec uses one named %q: create it, or set service_connection = \"NAME\" in the identity", id.Name), "identity %q names no service connection for Azure", id.Name)
	return id.Name
}

// tokenStep gets a service connection's OIDC token with AzureCLI@2 (whose script sees
// it as $idToken) into a secret variable: Azure Pipelines issues tokens through service
// connections only. A secret variable reaches only the steps that map it into their env.
func (e *emitter) tokenStep(s *astage, display, connection, variable string) targets.Map {
	m := targets.Map{
		{Key: "task", Value: "AzureCLI@2"},
		{Key: "displayName", Value: escapeText(display)},
	}
	if img := s.first().Image; img != nil {
		// Tasks run inside the job's container, and Azure's schema has no host target
		// for them.
		if !e.warned["az:"+s.name] {
			e.warned["az:"+s.name] = true
			e.warnf(img.Range, "token-task-in-container", "Azure Pipelines hands out a service connection's OIDC token through a task (AzureCLI@2), and a task of a container job runs inside the container: the image needs the Azure CLI (az)", "stage %q gets its OIDC token inside its image on Azure", s.spec.Name)
		}
	}
	targets.Set(&m, "inputs", targets.Map{
		{Key: "azureSubscription", Value: escapeText(connection)},
		{Key: "scriptType", Value: "bash"},
		{Key: "scriptLocation", Value: "inlineScript"},
		{Key: "addSpnToEnvironment", Value: true},
		{Key: "inlineScript", Value: fmt.Sprintf("echo \"##vso[task.setvariable variable=%s;issecret=true]$idToken\"\n", variable)},
	})
	return m
}

// tokenVar is the secret variable that holds an identity's OIDC token.
func tokenVar(id *model.Identity) string {
	if id.OIDC != nil {
		return id.OIDC.Env.Value
	}
	return "PIPEC_OIDC_TOKEN_" + targets.EnvName(id.Name)
}

// login gets the identity's token from its service connection and, in the job itself,
// leaves the credentials for the later steps, as the other targets do: AWS and GCP read a
// token file, Azure logs in az. A raw oidc token stays a secret variable that each step
// maps into its env under the identity's name.
func (e *emitter) login(s *astage, id *model.Identity) []any {
	sc := e.connection(id)
	out := []any{e.tokenStep(s, "pipec token "+id.Name, sc, tokenVar(id))}
	if id.OIDC != nil {
		e.audience(id, &id.OIDC.Audience)
		return out
	}
	file := "$AGENT_TEMPDIRECTORY/pipec-oidc-" + targets.EnvName(id.Name)
	set := func(name, value string) string {
		return fmt.Sprintf("echo \"##vso[task.setvariable variable=%s]%s\"\n", name, value)
	}
	var b strings.Builder
	b.WriteString("set -eo pipefail\n")
	fmt.Fprintf(&b, "printf '%%s' \"$PIPEC_OIDC_TOKEN\" > \"%s\"\n", file)
	switch {
	case id.AWS != nil:
		e.audience(id, id.AWS.Audience)
		fmt.Fprintf(&b, "# %s: AWS role through the service connection's OIDC token (read by the AWS CLI and SDKs)\n", id.Name)
		b.WriteString(set("AWS_WEB_IDENTITY_TOKEN_FILE", file))
		b.WriteString(set("AWS_ROLE_ARN", posix.QuoteInDouble(id.AWS.RoleARN.Value)))
		b.WriteString(set("AWS_ROLE_SESSION_NAME", "azure-pipelines-${BUILD_BUILDID:-run}"))
		b.WriteString(set("AWS_REGION", posix.QuoteInDouble(id.AWS.Region.Value)))
		b.WriteString(set("AWS_DEFAULT_REGION", posix.QuoteInDouble(id.AWS.Region.Value)))
	case id.GCP != nil:
		e.audience(id, id.GCP.Audience)
		// The agent's temporary directory is known when the job runs: printf puts the
		// token file's name between the configuration's two halves, as an argument (a
		// sed replacement would read its & and \). On Windows it is D:\a\_temp, whose
		// backslashes JSON refuses: there the name is the one with forward slashes.
		before, after := targets.GCPCredentialParts(id.GCP.WorkloadIdentityProvider.Value, id.GCP.ServiceAccount.Value)
		fmt.Fprintf(&b, "# %s: Google Cloud workload identity federation through the service connection's OIDC token\n", id.Name)
		fmt.Fprintf(&b, "pipec_token_file=\"%s\"\n", file)
		if targets.MayRunWindows(s.first().Runner) {
			b.WriteString(targets.NativePath("pipec_token_file"))
		}
		fmt.Fprintf(&b, "printf '%%s%%s%%s' %s \"$pipec_token_file\" %s > \"$pipec_token_file.json\"\n", posix.Quote(before), posix.Quote(after))
		b.WriteString(set("GOOGLE_APPLICATION_CREDENTIALS", "$pipec_token_file.json"))
		b.WriteString(set("CLOUDSDK_AUTH_CREDENTIAL_FILE_OVERRIDE", "$pipec_token_file.json"))
	case id.Azure != nil:
		fmt.Fprintf(&b, "# %s: Azure federated credential (read by the Azure SDKs; az is logged in when installed)\n", id.Name)
		b.WriteString(set("AZURE_CLIENT_ID", posix.QuoteInDouble(id.Azure.ClientID.Value)))
		b.WriteString(set("AZURE_TENANT_ID", posix.QuoteInDouble(id.Azure.TenantID.Value)))
		b.WriteString(set("AZURE_FEDERATED_TOKEN_FILE", file))
		if id.Azure.SubscriptionID != nil {
			b.WriteString(set("AZURE_SUBSCRIPTION_ID", posix.QuoteInDouble(id.Azure.SubscriptionID.Value)))
		}
		fmt.Fprintf(&b, "if command -v az >/dev/null 2>&1; then\n  az login --service-principal -u %s -t %s --federated-token \"$PIPEC_OIDC_TOKEN\" --output none\n",
			posix.Quote(id.Azure.ClientID.Value), posix.Quote(id.Azure.TenantID.Value))
		if id.Azure.SubscriptionID != nil {
			fmt.Fprintf(&b, "  az account set --subscription %s\n", posix.Quote(id.Azure.SubscriptionID.Value))
		}
		b.WriteString("fi\n")
	}
	step := bash(escapeText("pipec identity "+id.Name), escapeText(b.String()))
	targets.Set(&step, "env", targets.Map{{Key: "PIPEC_OIDC_TOKEN", Value: "$(" + tokenVar(id) + ")"}})
	return append(out, step)
}

// audience warns when an identity asks for an audience Azure cannot issue.
func (e *emitter) audience(id *model.Identity, aud *model.String) {
	if aud == nil || aud.Value == azureAudience {
		return
	}
	e.warnOnce(aud.Range, "oidc-audience-fixed", fmt.Sprintf("Azure Pipelines issues tokens for %s only: the other side must accept that audience", azureAudience), "identity %q's audience %q is not applied on Azure", id.Name, aud.Value)
}

// readsVault reports whether any of the steps reads a Vault secret.
func (e *emitter) readsVault(steps []*compile.Step) bool {
	for _, st := range steps {
		for _, t := range stepTemplates(st) {
			for _, r := range t.Refs() {
				if r.Root() == "secret" && e.secret(r.Path[1]).Vault != nil {
					return true
				}
			}
		}
	}
	return false
}

// vaultToken gets the OIDC token of the vault's service connection into a secret
// variable; the steps that read a Vault secret map it and log in to Vault's JWT auth
// with it themselves (the job's image needs the vault CLI), so the Vault token never
// leaves the step.
func (e *emitter) vaultToken(s *astage) targets.Map {
	v := e.plan.Pipeline.Vault
	sc := "vault"
	if v.ServiceConnection != nil {
		sc = v.ServiceConnection.Value
	} else {
		e.warnOnce(v.Range, "missing-service-connection", "Azure Pipelines issues OIDC tokens only through a service connection; pipec logs in to Vault with the token of one named \"vault\": create it, or set service_connection = \"NAME\" in the vault block", "the vault block names no service connection for Azure")
	}
	if v.Audience.Value != "" && v.Audience.Value != azureAudience {
		e.warnOnce(v.Audience.Range, "oidc-audience-fixed", fmt.Sprintf("Azure Pipelines issues tokens for %s only: the Vault role's bound_audiences must hold it", azureAudience), "vault audience %q is not applied on Azure", v.Audience.Value)
	}
	return e.tokenStep(s, "pipec vault token", sc, vaultJWT)
}

// vaultJWT is the secret variable that holds the token Vault's JWT auth accepts.
const vaultJWT = "PIPEC_VAULT_JWT"

// vaultLogin is the start of a step's script that reads Vault secrets.
func (e *emitter) vaultLogin() string {
	v := e.plan.Pipeline.Vault
	mount := "jwt"
	if v.AuthPath.Value != "" {
		mount = strings.Trim(v.AuthPath.Value, "/")
	}
	// The connection's token logs in once: unset, the step's code cannot log in again.
	return escapeText(posix.VaultLogin(mount, v.Role.Value, "\"$"+vaultJWT+"\"") + maskLines(posix.VaultToken) + "unset " + vaultJWT + "\n")
}

// vaultValue reads a Vault secret in the step's script (inside double quotes).
func (e *emitter) vaultValue(name string) string {
	s := e.secret(name)
	return escapeText(posix.VaultRead(s.Vault.Path.Value, s.Vault.Field.Value))
}

// vaultTemplate renders an env value that reads a Vault secret, inside double quotes:
// the script assigns it. Other references in it come from the step's env.
func (e *emitter) vaultTemplate(t expr.Template) string {
	var b strings.Builder
	for _, p := range t.Parts {
		switch {
		case p.Ref == nil:
			b.WriteString(escapeText(posix.QuoteInDouble(p.Lit)))
		case p.Ref.Root() == "secret" && e.secret(p.Ref.Path[1]).Vault != nil:
			b.WriteString(e.vaultValue(p.Ref.Path[1]))
		default:
			b.WriteString("${" + targets.RefVar(p.Ref) + "}")
		}
	}
	return b.String()
}

// vaultCLI warns of a stage that reads Vault secrets where the vault CLI is not known to
// be: Azure Pipelines has no Vault integration, so the steps log in and read them with
// that CLI, on the agent or in the stage's image, and neither Microsoft's hosted images
// nor common images (python:3.12-slim) list it; the step fails with "vault: command not
// found". Stages without an image warn at the vault block, once for all of them.
func (e *emitter) vaultCLI(s *astage) {
	const detail = "Azure Pipelines has no Vault integration: pipec's steps log in to Vault and read its secrets with HashiCorp's vault CLI, on the agent or in the stage's image, which must have it; use an image that has it (hashicorp/vault, or your own built with it), or install it in a step before the first that reads a Vault secret"
	j := s.first()
	if j.Image == nil {
		e.warnOnce(e.plan.Pipeline.Vault.Range, "vault-cli", detail, "Vault secrets are read with the vault CLI on Azure, which the agent must have")
		return
	}
	if j.Image.IsLiteral() && targets.VaultCLIImage(j.Image.Text()) {
		return
	}
	e.warnOnce(j.Image.Range, "vault-cli", detail, "stage %q reads Vault secrets with the vault CLI on Azure, which %q must have", s.spec.Name, j.Image.Text())
}
