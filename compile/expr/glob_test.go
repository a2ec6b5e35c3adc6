package expr

import (
	"regexp"
	"testing"
)

// A glob's non-ASCII characters stay the same characters in the pattern: a branch
// feat/ümlaut-x must match feat/ümlaut-* on every target that filters by regexp.
func TestGlobRegexpKeepsMultiByteCharacters(t *testing.T) {
	for _, c := range []struct{ glob, name string }{
		{"feat/ümlaut-*", "feat/ümlaut-x"},
		{"release/日本語/**", "release/日本語/a/b"},
		{"v?-🚀", "v1-🚀"},
		{"x[é]y", "xéy"},
	} {
		re := regexp.MustCompile("^" + GlobRegexp(c.glob) + "$")
		if !re.MatchString(c.name) {
			t.Errorf("GlobRegexp(%q) = %q does not match %q", c.glob, re, c.name)
		}
	}
}
