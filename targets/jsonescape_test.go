package targets

import (
	"encoding/json"
	"testing"
)

// A JSONEscape'd string between quotes is a JSON string that reads back as itself.
func TestJSONEscapeRoundTrips(t *testing.T) {
	for _, s := range []string{"", "plain", `a"b\c`, "line\nbreak\r\ttab", "\x00\x01\x1f\x7f", "ü €", `\"`, "%s 100%"} {
		var back string
		if err := json.Unmarshal([]byte(`"`+JSONEscape(s)+`"`), &back); err != nil || back != s {
			t.Errorf("JSONEscape(%q) = %q: reads back as %q (%v)", s, JSONEscape(s), back, err)
		}
	}
	if got := JSONEscape("projects/1/locations/global"); got != "projects/1/locations/global" {
		t.Errorf("text without anything to escape changed: %q", got)
	}
}
