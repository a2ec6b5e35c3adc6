package expr

import (
	"strings"
	"testing"

	"github.com/pipec-dev/pipec/compile/diag"
)

var at = Source{Filename: "p.hcl", Start: diag.Pos{Line: 3, Column: 10, Byte: 40}}

func TestParseExprCanonical(t *testing.T) {
	cases := map[string]string{
		`ci.branch == "main" && ci.event == "push"`:                         `(ci.branch == "main") && (ci.event == "push")`,
		`stage.check-drift.outputs.should_retrain == "true" || input.force`: `(stage.check-drift.outputs.should_retrain == "true") || input.force`,
		`!(a.b || c.d) && startswith(ci.ref, 'refs/tags/')`:                 `!(a.b || c.d) && startswith(ci.ref, "refs/tags/")`,
		`matches(ci.branch, "release/**")`:                                  `matches(ci.branch, "release/**")`,
		`true`:                                                              `true`,
		`input.n != 3`:                                                      `input.n != 3`,
	}
	for src, want := range cases {
		e, ds := ParseExpr(src, at)
		if ds.HasErrors() {
			t.Errorf("%s: unexpected %v", src, ds[0])
			continue
		}
		if got := e.String(); got != want {
			t.Errorf("%s:\n got %s\nwant %s", src, got, want)
		}
	}
}

func TestParseExprErrors(t *testing.T) {
	cases := []struct{ src, code, pos, detail string }{
		{`ci.branch = "main"`, "bad-expression", "p.hcl:3:20", "compare with =="},
		{`ci.branch == `, "bad-expression", "p.hcl:3:23", ""},
		{`startwith(ci.ref, "v")`, "unknown-function", "p.hcl:3:10", `did you mean "startswith"?`},
		{`matches(ci.ref)`, "bad-arguments", "p.hcl:3:10", "takes 2 arguments"},
		{`(ci.branch == "a"`, "bad-expression", "p.hcl:3:10", "close the parenthesis"},
		{`"open`, "bad-expression", "p.hcl:3:10", ""},
		{``, "empty-expression", "p.hcl:3:10", ""},
		{`a == b == c`, "bad-expression", "p.hcl:3:17", "chained"},
	}
	for _, c := range cases {
		_, ds := ParseExpr(c.src, at)
		if len(ds) == 0 {
			t.Errorf("%q: no diagnostic", c.src)
			continue
		}
		d := ds[0]
		if d.Code != c.code || d.Subject.String() != c.pos || !strings.Contains(d.Detail, c.detail) {
			t.Errorf("%q: got %s %s %q, want %s %s %q", c.src, d.Code, d.Subject, d.Detail, c.code, c.pos, c.detail)
		}
	}
}

func TestParseExprDeepNestingDoesNotOverflow(t *testing.T) {
	src := strings.Repeat("!", 100000) + "a.b"
	if _, ds := ParseExpr(src, at); !ds.HasErrors() {
		t.Fatal("expected a nesting error")
	}
	src = strings.Repeat("(", 100000) + "a.b" + strings.Repeat(")", 100000)
	if _, ds := ParseExpr(src, at); !ds.HasErrors() {
		t.Fatal("expected a nesting error")
	}
}

func TestParseTemplate(t *testing.T) {
	tpl, ds := ParseTemplate("a ${ci.commit_sha} $${HOME} $HOME ${ stage.x-y.outputs.v }", at)
	if ds.HasErrors() {
		t.Fatal(ds[0])
	}
	var got []string
	for _, p := range tpl.Parts {
		if p.Ref != nil {
			got = append(got, "<"+p.Ref.String()+"@"+p.Ref.Range.String()+">")
		} else {
			got = append(got, p.Lit)
		}
	}
	want := "a |<ci.commit_sha@p.hcl:3:14>| ${HOME} $HOME |<stage.x-y.outputs.v@p.hcl:3:47>"
	if strings.Join(got, "|") != want {
		t.Errorf("got  %s\nwant %s", strings.Join(got, "|"), want)
	}
	if _, ds := ParseTemplate("x ${ci.sha", at); !ds.HasErrors() {
		t.Error("unterminated interpolation accepted")
	}
	if _, ds := ParseTemplate("${a == b}", at); !ds.HasErrors() || ds[0].Code != "bad-reference" {
		t.Errorf("condition in interpolation: %v", ds)
	}
}

func FuzzParseExpr(f *testing.F) {
	for _, s := range []string{`ci.branch == "main" && !input.x`, `startswith(ci.ref, "v")`, `((a.b))`, `"x`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, ds := ParseExpr(s, at)
		if e == nil && !ds.HasErrors() {
			t.Fatalf("%q: no expression and no error", s)
		}
		if e != nil {
			// The canonical form parses to itself: rendering loses nothing.
			e2, ds2 := ParseExpr(e.String(), at)
			if ds2.HasErrors() || e2.String() != e.String() {
				t.Fatalf("%q: canonical form %q does not round-trip", s, e.String())
			}
		}
		ParseTemplate(s, at)
	})
}
