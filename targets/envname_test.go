package targets

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/pipec-dev/pipec/compile/expr"
)

// EnvName and RefVar take a one-pass path for ASCII names; envNameUnicode, which works
// rune by rune after strings.ToUpper (EnvName as first written), is their oracle.
func TestEnvNameMatchesOracle(t *testing.T) {
	pieces := []string{"a", "z", "A", "Z", "0", "7", "9", "_", "-", ".", " ", "ı", "ſ", "é", "ß", "\x00", "\xff", "build", "outputs"}
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 20000; i++ {
		path := make([]string, r.IntN(4))
		for j := range path {
			path[j] = randString(r, pieces, 5)
		}
		for _, s := range path {
			if got, want := EnvName(s), envNameUnicode(s); got != want {
				t.Fatalf("EnvName(%q) = %q, want %q", s, got, want)
			}
		}
		ref := &expr.Ref{Path: path}
		if got, want := RefVar(ref), "PIPEC_"+envNameUnicode(strings.Join(path, "_")); got != want {
			t.Fatalf("RefVar(%q) = %q, want %q", path, got, want)
		}
	}
}
