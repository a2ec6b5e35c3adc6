package lint

import "github.com/pipec-dev/pipec/compile/diag"

// The compiler makes this check (compile/check.go): without the pipeline's vault block no
// target knows which server to log in to; this entry documents it.
var ruleVaultNotConfigured = &Rule{
	ID:        "vault-not-configured",
	Category:  Security,
	Severity:  diag.Error,
	Compiler:  true,
	Summary:   "a secret reads from Vault but the pipeline has no vault block",
	Rationale: "A `vault { path, field }` secret is fetched at run time by logging in to Vault with the platform's OIDC token. The pipeline-level `vault` block says which server and JWT role to use; without it there is nothing to log in to, and falling back to a Vault token stored as a platform secret would put a long-lived credential back where the spec meant to avoid one.",
	Fix:       "add a pipeline-level vault { address = \"https://vault.example.com\", role = \"ci\" } block, or read the secret from the platform's store",
}
