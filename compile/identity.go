package compile

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/pipec-dev/pipec/compile/model"
)

// The forms of the values a cloud identity names. Each target pastes them into its own
// place (an action's input, an exported variable, a JSON credential file, an Azure
// logging command), and each cloud refuses any other form only when the job runs: a GCP
// provider named with the project's ID instead of its number, an ARN without the
// account. A line break would also end an Azure logging command and start another.
var (
	reRoleARN = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^arn:aws(-[a-z]+)*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]+$`)
	})
	reAWSRegion = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]+$`)
	})
	reGCPProvider = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^projects/[0-9]+/locations/global/workloadIdentityPools/[a-z0-9-]+/providers/[a-z0-9-]+$`)
	})
	reEmail = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
	})
	reGUID = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}$`)
	})
	// A tenant is its GUID or one of its domain names (contoso.onmicrosoft.com).
	reTenant = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^([0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}|[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+)$`)
	})
)

// checkIdentityValues reports values of an identity that are not of the form its cloud
// reads. Attributes the front end reported missing have no range and are skipped.
func (c *checker) checkIdentityValues(id *model.Identity) {
	switch {
	case id.AWS != nil:
		c.checkForm(id.AWS.RoleARN, reRoleARN(), "role_arn", "an IAM role ARN is arn:aws:iam::ACCOUNT:role/NAME, e.g. arn:aws:iam::123456789012:role/deploy")
		c.checkForm(id.AWS.Region, reAWSRegion(), "region", "an AWS region is a code such as us-east-1 or eu-west-1")
		c.checkAudience(id.AWS.Audience)
	case id.GCP != nil:
		c.checkForm(id.GCP.WorkloadIdentityProvider, reGCPProvider(), "workload_identity_provider", "a workload identity provider is projects/PROJECT_NUMBER/locations/global/workloadIdentityPools/POOL/providers/PROVIDER, with the project's number, not its ID")
		c.checkForm(id.GCP.ServiceAccount, reEmail(), "service_account", "a service account is its e-mail address, e.g. deployer@my-project.iam.gserviceaccount.com")
		c.checkAudience(id.GCP.Audience)
	case id.Azure != nil:
		c.checkForm(id.Azure.ClientID, reGUID(), "client_id", "a client ID is the application's GUID, e.g. 00000000-0000-0000-0000-000000000000")
		c.checkForm(id.Azure.TenantID, reTenant(), "tenant_id", "a tenant ID is the directory's GUID or one of its domain names")
		if id.Azure.SubscriptionID != nil {
			c.checkForm(*id.Azure.SubscriptionID, reGUID(), "subscription_id", "a subscription ID is a GUID, e.g. 00000000-0000-0000-0000-000000000000")
		}
	case id.OIDC != nil:
		c.checkAudience(&id.OIDC.Audience)
	}
	if sc := id.ServiceConnection; sc != nil {
		c.checkNoControl(*sc, "service_connection")
	}
}

// checkForm reports a value that re does not match.
func (c *checker) checkForm(v model.String, re *regexp.Regexp, attr, expect string) {
	if !v.Range.IsZero() && !re.MatchString(v.Value) {
		c.diags.Errorf(v.Range, "bad-value", expect, "invalid %s %q", attr, v.Value)
	}
}

// checkAudience reports an audience that is empty or holds white space: a token's aud
// claim is one word, and GitLab's id_tokens and CircleCI's claims take it as it is.
func (c *checker) checkAudience(v *model.String) {
	if v == nil || v.Range.IsZero() {
		return
	}
	if v.Value == "" || strings.IndexFunc(v.Value, unicode.IsSpace) >= 0 || strings.IndexFunc(v.Value, unicode.IsControl) >= 0 {
		c.diags.Errorf(v.Range, "bad-value", "an audience is one word without spaces, e.g. sts.amazonaws.com or https://vault.example.com", "invalid audience %q", v.Value)
	}
}

// checkNoControl reports a name with a control character (a line break, a tab), which no
// platform keeps in a name and which would end an Azure logging command.
func (c *checker) checkNoControl(v model.String, attr string) {
	if !v.Range.IsZero() && strings.IndexFunc(v.Value, unicode.IsControl) >= 0 {
		c.diags.Errorf(v.Range, "bad-value", "a name is one line of text", "invalid %s %q", attr, v.Value)
	}
}

// checkAuthPath reports a Vault auth_path that is not a mount path: every target puts it
// between auth/ and /login (vault-action's path, GitLab's VAULT_AUTH_PATH, the vault
// CLI's auth/PATH/login), so a leading auth/, a slash at either end, an empty part or a
// space names another path, and the login fails when the job runs.
func (c *checker) checkAuthPath(v model.String) {
	if v.Range.IsZero() {
		return
	}
	const expect = "auth_path is the path the JWT auth method is mounted at, without auth/ (the default is jwt)"
	switch {
	case strings.HasPrefix(v.Value, "auth/") && len(v.Value) > len("auth/"):
		c.diags.Errorf(v.Range, "bad-value", fmt.Sprintf("did you mean %q? %s", strings.TrimPrefix(v.Value, "auth/"), expect), "invalid auth_path %q", v.Value)
	case v.Value == "" || strings.IndexFunc(v.Value, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0 ||
		slices.Contains(strings.Split(v.Value, "/"), ""):
		c.diags.Errorf(v.Range, "bad-value", expect, "invalid auth_path %q", v.Value)
	}
}
