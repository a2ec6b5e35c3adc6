package compile

import "testing"

// The list of declared names in "did you mean" details is headed by the kind's plural.
func TestPlural(t *testing.T) {
	for kind, want := range map[string]string{
		"stage":       "stages",
		"identity":    "identities",
		"matrix axis": "matrix axes",
		"secret":      "secrets",
		"environment": "environments",
		"key":         "keys",
	} {
		if got := plural(kind); got != want {
			t.Errorf("plural(%q) = %q, want %q", kind, got, want)
		}
	}
}
