package targets

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/goccy/go-yaml"

	"github.com/pipec-dev/pipec/compile"
	"github.com/pipec-dev/pipec/compile/model"
)

func TestEncodeQuotesWhatYAML11Retypes(t *testing.T) {
	doc := Map{}
	risky := []string{"12:30:00", "1,000", "1e3", ".inf", "-.Inf", ".NaN", "3.10", "7", "+1", "1_000", "=", "<<"}
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
		// The encoder wrote these plainly: an explicit key, and tabs YAML reads as
		// separation.
		"? question", "?", "?\tx", "\ttab first", "tab last\t", "a:\tb", "-\tx", "multi\n\ttab\nline",
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

// The header's comments cannot carry YAML: a description holding a line break of any
// YAML version, control characters or invalid UTF-8 still gives comment lines only, and
// the document after them parses the same with or without them. (A description of
// "a\rkey: value" added a key to the document: \r ends a YAML comment.)
func TestHeaderStaysComments(t *testing.T) {
	desc := "one\rkey: a\r\nsecond: b\u2028third: c\u0085fourth: d\u2029fifth: e\x00\x1b[31m\xff\ufeff end\ttab"
	h := Header(&compile.Plan{Pipeline: &model.Pipeline{Description: desc}, Source: "p.hcl"})
	for _, line := range strings.Split(strings.TrimSuffix(h, "\n"), "\n") {
		if !strings.HasPrefix(line, "# ") || strings.ContainsAny(line, "\r\x00\x1b\u0085\u2028\u2029\ufeff") || !utf8.ValidString(line) {
			t.Errorf("header line %q", line)
		}
	}
	if !strings.HasSuffix(h, "\n# one\n# key: a\n# second: b\n# third: c\n# fourth: d\n# fifth: e\uFFFD\uFFFD[31m\uFFFD\uFFFD end\ttab\n") {
		t.Errorf("header:\n%s", h)
	}
	out, err := Encode(h, Map{{Key: "name", Value: "x"}})
	if err != nil {
		t.Fatal(err)
	}
	var doc yaml.MapSlice
	if err := yaml.Unmarshal(out, &doc); err != nil || len(doc) != 1 || doc[0].Key != "name" {
		t.Errorf("the header adds to the document (%v): %v\n%s", err, doc, out)
	}
}

// A key a YAML 1.1 loader would read as a number (a pipeline named 1e3 is the key of
// CircleCI's workflow) is quoted too, on the fast path and on go-yaml's.
func TestEncodeQuotesKeysYAML11Retypes(t *testing.T) {
	for _, key := range []string{"1e3", "1_000", "12:30", ".inf", "1,000"} {
		for _, doc := range []Map{
			{{Key: key, Value: "v"}},
			{{Key: key, Value: 1.5}}, // a value only go-yaml writes
		} {
			out, err := Encode("", doc)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(string(out), `"`+key+`":`) {
				t.Errorf("key %q is not quoted: %s", key, out)
			}
		}
	}
	// go-yaml's keys are put back by text: text of the document that looks like one is
	// left alone.
	out, err := Encode("", Map{{Key: "1e3", Value: 1.5}, {Key: "pipec-key-0", Value: "pipec-key-0: x"}})
	if err != nil {
		t.Fatal(err)
	}
	if want := "\"1e3\": 1.5\npipec-key-0: \"pipec-key-0: x\"\n"; string(out) != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
}

// A key with a line break (GitLab names a matrix cell's rollback job after its values)
// is double-quoted on one line, on the fast path and on go-yaml's, where go-yaml alone
// wrote a literal block, which YAML does not allow as a key.
func TestEncodeKeysWithLineBreaks(t *testing.T) {
	for _, key := range []string{"d-rollback: [a\nb]", "x\r\ny", "\n"} {
		for _, doc := range []Map{
			{{Key: key, Value: "v"}},
			{{Key: key, Value: 1.5}}, // a value only go-yaml writes
		} {
			out, err := Encode("", doc)
			if err != nil {
				t.Fatal(err)
			}
			var back yaml.MapSlice
			if err := yaml.Unmarshal(out, &back); err != nil || len(back) != 1 || back[0].Key != key {
				t.Errorf("key %q: %v, read back %#v from:\n%s", key, err, back, out)
			}
		}
	}
}

// TestMergeReportsWholeReplacements: a native value of another shape than the list or
// mapping pipec wrote replaces it whole and is reported; mappings merge key by key, and
// a scalar over a scalar or an empty value is an ordinary override.
func TestMergeReportsWholeReplacements(t *testing.T) {
	pipecWrote := func() Map {
		return Map{
			{Key: "steps", Value: []any{"checkout"}},
			{Key: "permissions", Value: Map{{Key: "contents", Value: "read"}, {Key: "id-token", Value: "write"}}},
			{Key: "env", Value: Map{}},
			{Key: "image", Value: "node:20"},
		}
	}
	for _, c := range []struct {
		key   string
		value any
		want  []Replaced
	}{
		{"steps", []any{"x"}, []Replaced{{Key: "steps", Was: "list"}}},
		{"permissions", "read-all", []Replaced{{Key: "permissions", Was: "mapping"}}},
		{"permissions", []any{"x"}, []Replaced{{Key: "permissions", Was: "mapping"}}},
		{"permissions", Map{{Key: "packages", Value: "write"}}, nil},
		{"env", "x", nil},
		{"image", "node:22", nil},
		{"image", Map{{Key: "name", Value: "node:22"}}, nil},
	} {
		m := pipecWrote()
		if got := Merge(&m, c.key, c.value); !reflect.DeepEqual(got, c.want) {
			t.Errorf("Merge(%s, %v) reported %v, want %v", c.key, c.value, got, c.want)
		}
	}
}
