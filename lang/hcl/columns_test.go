package hcl

import (
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	hclv2 "github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// The column index gives every token's position the column a scan of its line gives.
func TestColumnsMatchALineScan(t *testing.T) {
	for _, src := range []string{
		"pipeline \"p\" {\n  env = { A = \"é\\u0301e\", B = \"\U0001F600\" }\n}\n",
		"a = 1\n\n\tb = \"" + strings.Repeat("日本", 300) + "\" # " + strings.Repeat("x", 600) + "\nc = 2",
		strings.Repeat("é", markEvery-1) + "x = 1\n",
		"",
	} {
		b := []byte(src)
		c := newColumns(b)
		toks, _ := hclsyntax.LexConfig(b, "p.hcl", hclv2.InitialPos)
		for _, tok := range toks {
			for _, p := range []hclv2.Pos{tok.Range.Start, tok.Range.End} {
				if got, want := c.column(p), runeColumn(b, p); got != want {
					t.Errorf("%q at byte %d: column %d, a scan of the line says %d", src[:min(len(src), 40)], p.Byte, got, want)
				}
			}
		}
	}
}

// A map of many entries on one line: each entry's position used to cost a scan of the
// line before it, which made the file take minutes. It must take well under a second
// (the limit allows for a loaded machine).
func TestLongLineIsLinear(t *testing.T) {
	var env strings.Builder
	for i := range 30000 {
		fmt.Fprintf(&env, "A%d = \"é%d\", ", i, i)
	}
	src := "pipeline \"p\" {\n  on {\n    push {}\n  }\n  env = { " + env.String() + "}\n  stage \"a\" {\n    step \"s\" {\n      run = \"x\"\n    }\n  }\n}\n"
	start := time.Now()
	p, ds := Parse("p.hcl", []byte(src))
	if ds.HasErrors() || p == nil || len(p.Env) != 30000 {
		t.Fatalf("%v", ds)
	}
	line := src[strings.Index(src, "  env"):]
	want := utf8.RuneCountInString(line[:strings.Index(line, "A29999 ")]) + 1
	if got := p.Env[29999].NameRange.Start.Column; got != want {
		t.Errorf("last key at column %d, want %d", got, want)
	}
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("parsing took %s", d)
	}
}
