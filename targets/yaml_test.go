package targets

import (
	"strings"
	"testing"
)

func TestEncodeQuotesWhatYAML11Retypes(t *testing.T) {
	doc := Map{}
	risky := []string{"12:30:00", "1,000", "1e3", ".inf", "-.Inf", ".NaN", "3.10", "7", "+1", "1_000"}
	for i, s := range risky {
		Set(&doc, string(rune('a'+i)), s)
	}
	Set(&doc, "plain", "python:3.12-slim")
	Set(&doc, "dot", ".")
	Set(&doc, "list", []any{"12:30", "ok"})
	out, err := Encode("", doc)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range risky {
		if !strings.Contains(string(out), `"`+s+`"`) {
			t.Errorf("%q is not quoted:\n%s", s, out)
		}
	}
	for _, want := range []string{"plain: python:3.12-slim\n", "dot: .\n", `  - "12:30"` + "\n", "  - ok\n"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("want %q in:\n%s", want, out)
		}
	}
}
