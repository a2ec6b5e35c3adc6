package lint

import (
	"strings"

	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/model"
)

// cloudKeyWords name long-lived cloud credentials; a name holds one as whole words:
// PROD_AWS_SECRET_ACCESS_KEY and gcp_sa_key_json too (service_account_json only as the
// whole name: kafka_service_account_key is no cloud's). Names are lowercased and dashes
// read as underscores first (cloudKeyName). cloudKeyName is written out by hand: as a
// regexp (kept as the test's oracle) its compilation was 0.6% of a lint run.
var cloudKeyWords = []string{
	"aws_secret_access_key",
	"aws_access_key_id",
	"aws_secret_key",
	"aws_access_key",
	"aws_secret",
	"gcp_sa_key",
	"gcp_key",
	"gcp_credentials",
	"gcloud_service_key",
	"gcloud_key",
	"google_credentials",
	"google_application_credentials",
	"gcp_service_account_key",
	"google_service_account_key",
	"azure_client_secret",
	"arm_client_secret",
	"azure_credentials",
	"azure_client_certificate",
	"arm_client_certificate_password",
}

// cloudKeyName reports whether a secret or variable name looks like a cloud key.
func cloudKeyName(name string) bool {
	n := strings.ReplaceAll(strings.ToLower(name), "-", "_")
	if n == "service_account_json" || n == "service_account_key" {
		return true
	}
	for _, w := range cloudKeyWords {
		for from := 0; ; {
			i := strings.Index(n[from:], w)
			if i < 0 {
				break
			}
			i += from
			end := i + len(w)
			if (i == 0 || n[i-1] == '_') && (end == len(n) || n[end] == '_') {
				return true
			}
			from = i + 1
		}
	}
	return false
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
