package posix

import (
	"fmt"
	"strings"
)

// VaultToken is the shell variable that holds the Vault token of a step that reads Vault
// secrets with the vault CLI (CircleCI, Azure Pipelines). It is never exported: the vault
// commands that read the step's secrets get it as their own VAULT_TOKEN, and the script
// unsets it (VaultForget) before the step's code runs, so that code and every program it
// starts hold the secrets the step names, not a token that reads everything the role
// may read, for as long as the token lives. GitHub's vault-action keeps it out of the
// environment as well.
const VaultToken = "pipec_vault_token"

// VaultLogin assigns VaultToken from a JWT login at auth/MOUNT/login; jwt is the shell
// word that gives the platform's OIDC token.
func VaultLogin(mount, role, jwt string) string {
	return fmt.Sprintf("%s=\"$(vault write -field=token %s role=%s jwt=%s)\"\n", VaultToken, Quote("auth/"+mount+"/login"), Quote(role), jwt)
}

// VaultRead is a command substitution that reads field of the secret at path with
// VaultToken: MOUNT/data/PATH is KV v2 (vault kv get -mount), any other path KV v1.
func VaultRead(path, field string) string {
	tok := "VAULT_TOKEN=\"$" + VaultToken + "\" "
	if i := strings.Index(path, "/data/"); i > 0 {
		return fmt.Sprintf("$(%svault kv get -mount=%s -field=%s %s)", tok, Quote(path[:i]), Quote(field), Quote(path[i+len("/data/"):]))
	}
	return fmt.Sprintf("$(%svault read -field=%s %s)", tok, Quote(field), Quote(path))
}

// VaultForget ends the part of a script that reads Vault secrets.
const VaultForget = "unset " + VaultToken + "\n"
