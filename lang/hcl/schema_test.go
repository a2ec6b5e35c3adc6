package hcl

import (
	"testing"

	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// TestSpellableIsHCLsIdentifier: the byte loop that builds the schema table at start-up
// answers as HCL's lexer does, for the schema's names and the shapes around them.
func TestSpellableIsHCLsIdentifier(t *testing.T) {
	names := []string{"", "a", "Z", "_", "_x", "a-b", "a_b", "a1", "-a", "1a", "$schema", "a.b", "a b", "a$", "é", "aé", "名前", "a\u0301", "x-", "timeout_minutes"}
	for _, n := range names {
		if got, want := spellable(n), hclsyntax.ValidIdentifier(n); got != want {
			t.Errorf("spellable(%q) = %v, HCL says %v", n, got, want)
		}
	}
}
