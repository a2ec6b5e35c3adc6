package targets

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/pipec-dev/pipec/compile/expr"
)

// envNameOracle is EnvName as first written, one rune at a time after strings.ToUpper;
// the one-pass EnvName and RefVar are held to it.
func envNameOracle(s string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		if (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') || r == '_' {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	out := b.String()
	if out == "" || (out[0] >= '0' && out[0] <= '9') {
		out = "_" + out
	}
	return out
}

func TestEnvNameMatchesOracle(t *testing.T) {
	pieces := []string{"a", "z", "A", "Z", "0", "7", "9", "_", "-", ".", " ", "ı", "ſ", "é", "ß", "\x00", "\xff", "build", "outputs"}
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 20000; i++ {
		path := make([]string, r.IntN(4))
		for j := range path {
			path[j] = randString(r, pieces, 5)
		}
		for _, s := range path {
			if got, want := EnvName(s), envNameOracle(s); got != want {
				t.Fatalf("EnvName(%q) = %q, want %q", s, got, want)
			}
		}
		ref := &expr.Ref{Path: path}
		if got, want := RefVar(ref), "PIPEC_"+envNameOracle(strings.Join(path, "_")); got != want {
			t.Fatalf("RefVar(%q) = %q, want %q", path, got, want)
		}
	}
}
