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
		`input.n == -1.5 || -2 != input.n`:                                  `(input.n == -1.5) || (-2 != input.n)`,
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
		{`input.n == - 1`, "bad-expression", "p.hcl:3:21", ""},
		// Operators written as words, as Python and Jinja write them.
		{`ci.tag == "" and ci.branch == "a"`, "bad-expression", "p.hcl:3:23", "did you mean &&?"},
		{`ci.tag == "" or ci.branch == "a"`, "bad-expression", "p.hcl:3:23", "did you mean ||?"},
		{`not ci.tag`, "bad-expression", "p.hcl:3:10", "did you mean !?"},
		{`ci.tag == "" && not ci.branch`, "bad-expression", "p.hcl:3:26", "did you mean !?"},
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

// Hostile conditions end in one error at the token that passes the limit, without
// exhausting the stack or taking quadratic time: deep negations, parentheses and calls,
// and long chains of && or || (a chain is a tree as deep as it is long, and every pass
// over a condition recurses over its tree). At the limit a condition still parses.
func TestParseExprDeepNestingDoesNotOverflow(t *testing.T) {
	const n = 100000
	chain := strings.Repeat(`ci.branch == "x" || `, n) + "true"
	for name, c := range map[string]struct {
		src  string
		want string // position of the error
	}{
		// The 201st "!" or "(", starting at column 10.
		"negations":   {strings.Repeat("!", n) + "a.b", "p.hcl:3:210"},
		"parentheses": {strings.Repeat("(", n) + "a.b" + strings.Repeat(")", n), "p.hcl:3:210"},
		// The 201st call's "(".
		"calls": {strings.Repeat("startswith(", n) + `a.b, "x"` + strings.Repeat(`, "x")`, n), "p.hcl:3:2220"},
		// The 200th "||": each comparison is a level too.
		"or-chain": {chain, "p.hcl:3:4007"},
		// The 201st "&&".
		"and-chain": {strings.Repeat("a.b && ", n) + "a.b", "p.hcl:3:1414"},
		// The 101st "!", each "!(" being two levels.
		"nested-mix": {strings.Repeat("!(a.b && ", n) + "a.b" + strings.Repeat(")", n), "p.hcl:3:910"},
	} {
		_, ds := ParseExpr(c.src, at)
		if len(ds) != 1 || ds[0].Code != "bad-expression" || ds[0].Subject.String() != c.want ||
			!strings.Contains(ds[0].Summary, "nested too deeply") || !strings.Contains(ds[0].Detail, "at most 200 levels") {
			t.Errorf("%s: got %v, want one bad-expression at %s", name, ds, c.want)
		}
	}
	for name, src := range map[string]string{
		"negations":   strings.Repeat("!", maxDepth) + "a.b",
		"parentheses": strings.Repeat("(", maxDepth) + "a.b" + strings.Repeat(")", maxDepth),
		"or-chain":    strings.Repeat("a.b || ", maxDepth) + "a.b",
	} {
		if e, ds := ParseExpr(src, at); ds.HasErrors() {
			t.Errorf("%s at the limit: %v", name, ds)
		} else if _, ds := ParseExpr(e.String(), at); ds.HasErrors() {
			t.Errorf("%s at the limit: the canonical form does not parse: %v", name, ds)
		}
	}
}

// Positions are found in one pass over a string however many tokens it has: a long
// condition or template with an error at its end reports the right line and column.
func TestPositionsInLongText(t *testing.T) {
	long := strings.Repeat("a.b == \"x\" &&\n", 150) + "a.b ="
	_, ds := ParseExpr(long, at)
	if len(ds) != 1 || ds[0].Subject.String() != "p.hcl:153:5" {
		t.Errorf("got %v, want an error at p.hcl:153:5", ds)
	}
	tpl := strings.Repeat("x ${ci.branch}\n", 100000) + "${ci.x y}"
	_, ds = ParseTemplate(tpl, at)
	if len(ds) != 1 || ds[0].Subject.String() != "p.hcl:100003:3" {
		t.Errorf("got %v, want an error at p.hcl:100003:3", ds)
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

// TestParseTemplateForeignSyntax: ${{ ... }}, the syntax of GitHub's and Azure's
// expressions, gets an error of its own over the whole of it, not a condition parser's
// "unexpected character '{'" with a hint about conditions; $${{ stays a literal.
func TestParseTemplateForeignSyntax(t *testing.T) {
	_, ds := ParseTemplate("echo ${{ github.sha }} done", at)
	if len(ds) != 1 || ds[0].Code != "bad-reference" || ds[0].Summary != ForeignSyntax || ds[0].Subject.String() != "p.hcl:3:15" || ds[0].Subject.End.Column != 32 {
		t.Errorf("got %v", ds)
	}
	if tpl, ds := ParseTemplate("echo $${{ github.sha }}", at); ds.HasErrors() || tpl.Literal() != "echo ${{ github.sha }}" {
		t.Errorf("literal: %v %q", ds, tpl.Literal())
	}
}

// A function call where a reference goes (HCL's upper(), file()) says that pipec calls no
// functions there, not that an interpolation holds one reference.
func TestParseTemplateFunctionCall(t *testing.T) {
	_, ds := ParseTemplate("make ${upper(ci.branch)}", at)
	if len(ds) != 1 || ds[0].Code != "bad-reference" || ds[0].Summary != "function upper() where a reference goes" {
		t.Errorf("got %v", ds)
	}
}

// ${ } and ${{ }} in a condition written as a string (CUE, JSON, YAML) give the errors the
// HCL front end gives them in when = "...", not an unexpected '$'.
func TestParseExprInterpolation(t *testing.T) {
	for src, want := range map[string]string{
		`${ci.branch} == "main"`:         "interpolation-not-allowed interpolation is not allowed in \"when\"",
		`${{ github.ref == 'main' }}`:    "bad-reference " + ForeignSyntax,
		`ci.event == "push" && ${{ x }}`: "bad-reference " + ForeignSyntax,
	} {
		_, ds := ParseExpr(src, at)
		if len(ds) != 1 || ds[0].Code+" "+ds[0].Summary != want {
			t.Errorf("%s: got %v, want %s", src, ds, want)
		}
	}
}
