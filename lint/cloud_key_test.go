package lint

import (
	"math/rand"
	"regexp"
	"strings"
	"testing"
)

// cloudKeyOracle is cloudKeyName's rule as a regexp, as it was first written.
var cloudKeyOracle = regexp.MustCompile(`(^|_)(` + strings.Join(cloudKeyWords, "|") + `)(_|$)|^service_account_(json|key)$`)

// TestCloudKeyNameMatchesOracle compares the hand-written matcher with the regexp on
// names built from the key words, their pieces, separators and other words.
func TestCloudKeyNameMatchesOracle(t *testing.T) {
	pieces := []string{"prod", "aws", "secret", "access", "key", "id", "json", "gcp", "sa", "service", "account", "x", "", "_", "-", "__", "service_account"}
	for _, w := range cloudKeyWords {
		pieces = append(pieces, w, strings.ToUpper(w), strings.ReplaceAll(w, "_", "-"), w[:len(w)/2], w[len(w)/2:])
	}
	rng := rand.New(rand.NewSource(1))
	seps := []string{"_", "-", "", "__"}
	for i := 0; i < 200000; i++ {
		var b strings.Builder
		for n := rng.Intn(4) + 1; n > 0; n-- {
			b.WriteString(pieces[rng.Intn(len(pieces))])
			if n > 1 {
				b.WriteString(seps[rng.Intn(len(seps))])
			}
		}
		name := b.String()
		want := cloudKeyOracle.MatchString(strings.ReplaceAll(strings.ToLower(name), "-", "_"))
		if got := cloudKeyName(name); got != want {
			t.Fatalf("cloudKeyName(%q) = %v, the regexp says %v", name, got, want)
		}
	}
	for _, name := range []string{"AWS_SECRET_ACCESS_KEY", "prod-gcp-sa-key", "service_account_json", "gcp_sa_key_json"} {
		if !cloudKeyName(name) {
			t.Errorf("%s: want a cloud key", name)
		}
	}
	for _, name := range []string{"kafka_service_account_key", "awssecret", "xaws_secret", "token"} {
		if cloudKeyName(name) {
			t.Errorf("%s: not a cloud key", name)
		}
	}
}
