package posix

import (
	"os/exec"
	"regexp"
	"testing"
)

// Whatever the text, the shell gets it back verbatim: quoting is what keeps spec values
// and references data rather than code.
func TestQuotingRoundTripsThroughSh(t *testing.T) {
	for _, s := range []string{"plain", "it's", `"double" $HOME ` + "`id`" + ` \ back`, "$(rm -rf /)", "new\nline", ""} {
		for _, script := range []string{"printf '%s' " + Quote(s), `printf '%s' "` + QuoteInDouble(s) + `"`} {
			out, err := exec.Command("sh", "-c", script).Output()
			if err != nil || string(out) != s {
				t.Errorf("%q: got %q (%v) from %s", s, out, err, script)
			}
		}
	}
}

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
