package targets

import (
	"github.com/goccy/go-yaml"
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

// Strings a literal block or a plain scalar cannot carry come out double-quoted, and
// every string reads back unchanged.
func TestEncodeRoundTripsAwkwardStrings(t *testing.T) {
	awkward := []string{
		" indented first line\nsecond\n",
		"\n\n  blank lines first\nthen less\n",
		"tab\tinside\nand\ttab\n",
		"carriage\rreturn",
		"nul\x00byte",
		"bad utf-8 \xff",
		"bell\a and escape \x1b[0m",
		"line separator \u2028 here",
		"ok\nmulti\nline\n",
	}
	doc := Map{}
	for i, s := range awkward {
		Set(&doc, string(rune('a'+i)), s)
	}
	out, err := Encode("", doc)
	if err != nil {
		t.Fatal(err)
	}
	var back yaml.MapSlice
	if err := yaml.Unmarshal(out, &back); err != nil {
		t.Fatalf("output is not YAML: %v\n%s", err, out)
	}
	for i, s := range awkward {
		got, _ := back[i].Value.(string)
		want := strings.ToValidUTF8(s, "\uFFFD")
		if got != s && got != want {
			t.Errorf("%q came back as %q", s, got)
		}
	}
}
