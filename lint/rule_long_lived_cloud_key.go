package lint

import (
	"strings"

	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/model"
)

// cloudKey matches names that hold long-lived cloud credentials, as whole words of the
// name: PROD_AWS_SECRET_ACCESS_KEY and gcp_sa_key_json too (service_account_json only as
// the whole name: kafka_service_account_key is no cloud's). Names are lowercased and
// dashes read as underscores first (cloudKeyName).
var cloudKey = lazy(`(^|_)(aws_secret_access_key|aws_access_key_id|aws_secret_key|aws_access_key|aws_secret|gcp_sa_key|gcp_key|gcp_credentials|gcloud_service_key|gcloud_key|google_credentials|google_application_credentials|gcp_service_account_key|google_service_account_key|azure_client_secret|arm_client_secret|azure_credentials|azure_client_certificate|arm_client_certificate_password)(_|$)|^service_account_(json|key)$`)

// cloudKeyName reports whether a secret or variable name looks like a cloud key.
func cloudKeyName(name string) bool {
	return cloudKey.MatchString(strings.ReplaceAll(strings.ToLower(name), "-", "_"))
}

var ruleLongLivedCloudKey = &Rule{
	ID:        "long-lived-cloud-key",
	Category:  Security,
	Severity:  diag.Warning,
	Summary:   "a long-lived cloud key is stored as a secret",
	Rationale: "Static cloud keys do not expire, are copied into every system that holds them, and are hard to rotate. Every platform pipec targets can exchange its OIDC token for short-lived cloud credentials instead, scoped to this repository and branch by the cloud's trust policy. A secret counts as a key when its name says so (aws_secret_access_key, PROD_GCP_SA_KEY), or when a step hands it to a cloud SDK under the variable the SDK reads keys from (AWS_SECRET_ACCESS_KEY = secret.deploy, GOOGLE_CREDENTIALS = secret.ci_json).",
	Fix:       "declare an identity (aws { role_arn }, gcp { workload_identity_provider, service_account }, azure { client_id, tenant_id }) and give the stage identity = \"NAME\" instead of the key",
	check: func(p *Pass) {
		reported := map[string]bool{}
		byName := map[string]*model.Secret{}
		for _, s := range p.Pipeline.Secrets {
			byName[s.Name] = s
			if s.Vault == nil && cloudKeyName(s.Name) {
				reported[s.Name] = true
				p.Report(s.NameRange, "secret %q looks like a long-lived cloud key", s.Name)
			}
		}
		for _, s := range p.Pipeline.Stages {
			for _, st := range stageSteps(s) {
				for _, v := range st.Env {
					if !cloudKeyName(v.Name) {
						continue
					}
					for _, r := range v.Value.Refs() {
						sec := byName[secretName(r.Path)]
						if r.Root() != "secret" || sec == nil || sec.Vault != nil || reported[sec.Name] {
							continue
						}
						reported[sec.Name] = true
						p.Report(v.NameRange, "step %q hands secret %q to the cloud SDK as %s: a long-lived cloud key", st.Name, sec.Name, v.Name)
					}
				}
			}
		}
	},
}

// secretName is the secret a secret.NAME reference names.
func secretName(path []string) string {
	if len(path) < 2 {
		return ""
	}
	return path[1]
}
