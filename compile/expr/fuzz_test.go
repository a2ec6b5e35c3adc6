package expr

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/pipec-dev/pipec/compile/diag"
)

// FuzzParseExpr feeds arbitrary text to the `when` parser, and to the reference and
// template parsers that read the same tokens. None may panic; every diagnostic lies inside
// the text it is about (file, line and column from where the text starts, byte offsets
// within it); an expression's canonical form (String) parses to itself, and a template's
// source form (Text) parses to the same parts.
//
// The seeds are the `when` conditions of every spec in the repository (golden cases, lint
// cases, the shared examples when they are beside it) and a few corner cases. `go test`
// runs only those and testdata/fuzz/FuzzParseExpr; `go test -fuzz FuzzParseExpr
// ./compile/expr` explores.
func FuzzParseExpr(f *testing.F) {
	for _, s := range whenSeeds(f) {
		f.Add(s)
	}
	for _, s := range []string{
		`ci.branch == "main" && !input.x`, `startswith(ci.ref, "v")`, `((a.b))`, `"x`,
		`matches(ci.branch, 'release/**') || ci.tag != ""`, `stage.check-drift.outputs.x == "true"`,
		`input.n == 3.10`, `!(a.b || c.d) && e.f`, "a.b ==\n\t\"\\u00e9\\n\"", `${ci.branch} $${x} ${`,
		strings.Repeat("(", maxDepth) + "a.b" + strings.Repeat(")", maxDepth),
		strings.Repeat("a.b && ", maxDepth) + "a.b",
	} {
		f.Add(s)
	}
	at := Source{Filename: "p.hcl", Start: diag.Pos{Line: 3, Column: 10, Byte: 40}}
	f.Fuzz(func(t *testing.T, s string) {
		e, ds := ParseExpr(s, at)
		if e == nil && !ds.HasErrors() {
			t.Fatalf("%q: no expression and no error", s)
		}
		checkInside(t, s, at, ds)
		if e != nil {
			checkInside(t, s, at, []*diag.Diagnostic{{Code: "node", Summary: e.String(), Subject: e.Range()}})
			// The canonical form parses to itself: rendering loses nothing.
			e2, ds2 := ParseExpr(e.String(), at)
			if ds2.HasErrors() || e2.String() != e.String() {
				t.Fatalf("%q: canonical form %q does not round-trip: %v", s, e.String(), ds2)
			}
		}
		r, ds := ParseRef(s, at)
		if r == nil && !ds.HasErrors() {
			t.Fatalf("%q: no reference and no error", s)
		}
		checkInside(t, s, at, ds)
		tpl, ds := ParseTemplate(s, at)
		checkInside(t, s, at, ds)
		if !ds.HasErrors() {
			tpl2, ds2 := ParseTemplate(tpl.Text(), at)
			if ds2.HasErrors() || !reflect.DeepEqual(parts(tpl), parts(tpl2)) {
				t.Fatalf("%q: source form %q does not round-trip: %v", s, tpl.Text(), ds2)
			}
		}
	})
}

// parts renders a template's parts without their positions.
func parts(t Template) []string {
	var out []string
	for _, p := range t.Parts {
		if p.Ref != nil {
			out = append(out, "ref:"+p.Ref.String())
		} else {
			out = append(out, "lit:"+p.Lit)
		}
	}
	return out
}

// checkInside fails unless every diagnostic has a code and a summary and its range lies in
// s as placed at at: same file, start not after end, byte offsets within s.
func checkInside(t *testing.T, s string, at Source, ds diag.Diagnostics) {
	t.Helper()
	first, last := at.Start.Byte, at.Start.Byte+len(s)
	for _, d := range ds {
		r := d.Subject
		switch {
		case d.Code == "" || d.Summary == "":
			t.Fatalf("%q: diagnostic without code or summary: %v", s, d)
		case r.Filename != at.Filename:
			t.Fatalf("%q: %v is in file %q", s, d, r.Filename)
		case r.Start.Line < at.Start.Line || r.Start.Column < 1 || r.End.Line < r.Start.Line:
			t.Fatalf("%q: %v has a bad line or column: %+v", s, d, r)
		case r.Start.Byte < first || r.End.Byte > last || r.Start.Byte > r.End.Byte:
			t.Fatalf("%q: %v lies outside bytes %d-%d: %+v", s, d, first, last, r)
		}
	}
}

// whenLine finds a condition in HCL (when = ...) or YAML (when: ...).
var whenLine = regexp.MustCompile(`^\s*when\s*[=:]\s*(.+?)\s*$`)

// whenSeeds lists the conditions of the repository's specs, as written.
func whenSeeds(f *testing.F) []string {
	var files []string
	for _, pattern := range []string{
		filepath.Join("..", "..", "testdata", "*", "pipeline.hcl"),
		filepath.Join("..", "..", "testdata", "*", "pipeline.yaml"),
		filepath.Join("..", "..", "lint", "testdata", "*", "*.hcl"),
		filepath.Join("..", "..", "..", "shared", "examples", "*.hcl"),
	} {
		m, _ := filepath.Glob(pattern)
		files = append(files, m...)
	}
	seen := map[string]bool{}
	var out []string
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			continue
		}
		sc := bufio.NewScanner(bytes.NewReader(src))
		for sc.Scan() {
			m := whenLine.FindStringSubmatch(sc.Text())
			if m == nil {
				continue
			}
			cond := m[1]
			if u, err := strconv.Unquote(cond); err == nil {
				cond = u // written as a string, CUE style
			}
			if !seen[cond] {
				seen[cond] = true
				out = append(out, cond)
			}
		}
	}
	if len(out) == 0 {
		f.Fatal("no when conditions found in testdata")
	}
	return out
}
