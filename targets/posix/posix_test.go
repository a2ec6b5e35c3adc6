package posix

import (
	"os/exec"
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
