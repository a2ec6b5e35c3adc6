package hcl

import (
	"strings"
	"testing"

	hclv2 "github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/pipec-dev/pipec/lang/build"
)

// inNative puts a value in a native block, the one place a spec nests freely.
func inNative(value string) string {
	return "pipeline \"p\" {\n  stage \"a\" {\n    native \"github\" {\n      a = " + value + "\n    }\n  }\n}\n"
}

// Hostile nesting ends in one nesting-too-deep error where the limit is passed, whatever
// nests: hclsyntax's parser recurses on each of these, and a million levels overflowed the
// stack, a fatal error that killed pipec. Each case nests far past the limit; the error
// is at the 201st level, counting the pipeline, stage and native blocks (and a quoted
// label, an interpolation's string, a negation's operand).
func TestNestingLimit(t *testing.T) {
	const n = 100000
	rep := strings.Repeat
	for name, c := range map[string]struct{ src, at string }{
		"lists":          {inNative(rep("[", n) + rep("]", n)), "fuzz.hcl:4:208"},
		"objects":        {inNative(rep("{a=", n) + "1" + rep("}", n)), "fuzz.hcl:4:602"},
		"parentheses":    {inNative(rep("(", n) + "1" + rep(")", n)), "fuzz.hcl:4:208"},
		"negations":      {inNative(rep("!", n) + "true"), "fuzz.hcl:4:208"},
		"minus signs":    {inNative(rep("-", n) + "1"), "fuzz.hcl:4:208"},
		"spaced signs":   {inNative(rep("- ", n) + "1"), "fuzz.hcl:4:405"},
		"conditionals":   {inNative(rep("true ? 1 : ", n) + "1"), "fuzz.hcl:4:2183"},
		"interpolations": {inNative(rep(`"${`, n) + "1" + rep(`}"`, n)), "fuzz.hcl:4:306"},
		"directives":     {inNative(`"` + rep("%{ if true }", 1000) + "x" + rep("%{ endif }", 1000) + `"`), "fuzz.hcl:4:2352"},
		"blocks":         {"pipeline \"p\" {\n" + rep("stage \"a\" {\n", n) + rep("}\n", n) + "}\n", "fuzz.hcl:201:7"},
		"when": {"pipeline \"p\" {\n  stage \"a\" {\n    when = " + rep("!(", n) + "ci.branch == \"x\"" + rep(")", n) + "\n  }\n}\n",
			"fuzz.hcl:3:408"},
	} {
		p, ds := Parse("fuzz.hcl", []byte(c.src))
		if p != nil || len(ds) != 1 || ds[0].Code != "nesting-too-deep" || ds[0].Subject.String() != c.at {
			t.Errorf("%s: got %v, want one nesting-too-deep at %s", name, ds, c.at)
		}
	}
}

// Below the limit, and for brackets inside strings, heredocs and comments (which do not
// nest), nothing is refused.
func TestNestingWithinLimit(t *testing.T) {
	rep := strings.Repeat
	const deep = build.MaxNesting - 4 // the pipeline, stage and native blocks, and "a ="'s value
	for name, src := range map[string]string{
		"lists":                  inNative(rep("[", deep) + rep("]", deep)),
		"objects":                inNative(rep("{a=", deep) + "1" + rep("}", deep)),
		"conditionals":           inNative(rep("true ? 1 : ", deep) + "1"),
		"many in a row":          inNative("[" + rep("[[1]], ", 10000) + "]"),
		"conditionals in a list": inNative("[" + rep("true ? 1 : 2, ", 10000) + "]"),
		"brackets in strings": "pipeline \"p\" {\n  stage \"a\" {\n    step \"s\" {\n      run = \"" + rep("[({", 10000) + "\"\n" +
			"      # " + rep("[({", 10000) + "\n      env = { A = <<-EOT\n        " + rep("{[(", 10000) + "\n      EOT\n      }\n    }\n  }\n}\n",
	} {
		_, ds := Parse("fuzz.hcl", []byte(src))
		for _, d := range ds {
			// A native value cannot be a conditional (wrong-type); only the limits matter.
			if d.Code == "nesting-too-deep" || d.Code == "spec-too-large" || d.Code == "syntax" {
				t.Errorf("%s: %v", name, d)
			}
		}
	}
}

// A file over build.MaxSpecSize is refused before it is parsed, at its first line.
func TestSpecSizeLimit(t *testing.T) {
	src := inNative(`"` + strings.Repeat("x", build.MaxSpecSize) + `"`)
	p, ds := Parse("big.hcl", []byte(src))
	if p != nil || len(ds) != 1 || ds[0].Code != "spec-too-large" || ds[0].Subject.String() != "big.hcl:1:1" ||
		!strings.Contains(ds[0].Summary, "at most 4 MiB") {
		t.Errorf("got %v", ds)
	}
	src = inNative(`"` + strings.Repeat("x", build.MaxSpecSize-len(inNative(`""`))) + `"`)
	if _, ds := Parse("big.hcl", []byte(src)); len(ds) > 0 {
		t.Errorf("a spec of exactly the limit: %v", ds)
	}
}

// pipec fmt parses as generate does, then lays the tokens out: the same limits
// hold (a million nested lists overflowed the stack there too).
func TestFormatLimits(t *testing.T) {
	const n = 1000000
	out, ds := Format("fuzz.hcl", []byte(inNative(strings.Repeat("[", n)+strings.Repeat("]", n))))
	if out != nil || len(ds) != 1 || ds[0].Code != "nesting-too-deep" || ds[0].Subject.String() != "fuzz.hcl:4:208" {
		t.Errorf("deep: got %v", ds)
	}
	out, ds = Format("big.hcl", []byte(inNative(`"`+strings.Repeat("x", build.MaxSpecSize)+`"`)))
	if out != nil || len(ds) != 1 || ds[0].Code != "spec-too-large" {
		t.Errorf("large: got %v", ds)
	}
	if _, ds := Format("ok.hcl", []byte(inNative(strings.Repeat("[", 150)+strings.Repeat("]", 150)))); len(ds) > 0 {
		t.Errorf("within the limit: %v", ds)
	}
}

// quickNesting reads a file as hclsyntax's lexer does: on every spec of the repository,
// and on the lexer's corners (comments, strings, escapes, heredocs, interpolations,
// directives), it measures the nesting the tokens have.
func TestQuickNestingMatchesTheTokens(t *testing.T) {
	var srcs [][]byte
	for _, spec := range repositorySpecs(t) {
		srcs = append(srcs, spec.src)
	}
	for _, s := range []string{
		"a = [[[1]]] # [[[\nb = 2 // ((((\n/* {{{{ */ c = 3\n",
		"a = \"[[[ \\\" ${ [[x]] } $${ [ %%{ [ %{ if [[y]] }[[%{ endif }\"\n",
		"a = <<EOT\n[[[ ${ [[x]] }\n  EOT\nb = [[1]]\n",
		"a = <<-EOT\n\t{{{\n\tEOT x\n\t$EOT\n\tEOT\n[[2]]\n",
		"a = <<EOT\n${ <<X\n[[\nX\n}\nEOT\n",
		"a = !!!-(-(-[1]))\nb = 1 ? 2 : 3 ? 4 : [5 ? 6 : 7, 8 ? 9 : 10]\n",
		"a = {\n x = 1 ? 2 : 3\n y = [1 ? 2 : 3,\n 4 ? 5 : 6]\n}\n",
		"a = \"${\"${\"${1}\"}\"}\"\nb = 1e-5 - -1 != !x\n",
		"a = x-y-z - - - 1\n/* unterminated [[[",
		"a = <<EOT\nno end",
		"a = \"unterminated [[[\n[[[",
		"}}}} a = [[ ]]]]] (((",
		"a = %{ for x in y }%{ endfor }\n\"%{ for x in y }[%{ endfor }\"",
	} {
		srcs = append(srcs, []byte(s))
	}
	for _, src := range srcs {
		quick, ok := quickNesting(src)
		toks, _ := hclsyntax.LexConfig(src, "x.hcl", hclv2.InitialPos)
		deepest, _ := tokenNesting(toks)
		if !ok || quick != deepest {
			t.Errorf("nesting without tokens %d (%v), of the tokens %d, in:\n%s", quick, ok, deepest, src)
		}
	}
}
