package lint

import (
	"github.com/pipec-dev/pipec/compile/diag"
)

// cloudKey matches secret names that hold long-lived cloud credentials.
var cloudKey = lazy(`(?i)^(aws_secret_access_key|aws_access_key_id|aws_secret_key|aws_access_key|gcp_sa_key|gcp_credentials|gcloud_service_key|google_credentials|google_application_credentials|gcp_service_account_key|azure_client_secret|arm_client_secret|azure_credentials|service_account_json)$`)

var ruleLongLivedCloudKey = &Rule{
	ID:        "long-lived-cloud-key",
	Category:  Security,
	Severity:  diag.Warning,
	Summary:   "a long-lived cloud key is stored as a secret",
	Rationale: "Static cloud keys do not expire, are copied into every system that holds them, and are hard to rotate. Every platform pipec targets can exchange its OIDC token for short-lived cloud credentials instead, scoped to this repository and branch by the cloud's trust policy.",
	Fix:       "declare an identity (aws { role_arn }, gcp { workload_identity_provider, service_account }, azure { client_id, tenant_id }) and give the stage identity = \"NAME\" instead of the key",
	check: func(p *Pass) {
		for _, s := range p.Pipeline.Secrets {
			if s.Vault == nil && cloudKey.MatchString(s.Name) {
				p.Report(s.NameRange, "secret %q looks like a long-lived cloud key", s.Name)
			}
		}
	},
}
