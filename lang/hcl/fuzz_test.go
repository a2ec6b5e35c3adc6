package hcl

import (
	"bytes"
	"reflect"
	"testing"

	hclv2 "github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/lang/build"
)

// FuzzParse feeds arbitrary bytes to the HCL front end. Parse turns a panic into an
// internal-error diagnostic, so the target fails on that code. Beyond not crashing, every
// diagnostic must be one a user can act on: a stable kebab-case code, a summary, and a
// position in the spec (file name, line and column from 1), notes included. A nil pipeline
// comes with an error, decoding is deterministic, and it is the same when the file is
// parsed in chunks, as large files are. The formatter (pipec fmt) gets the
// same input: it may refuse it, with such diagnostics, and formats its own output to
// itself.
//
// The seeds are every HCL spec of the repository (golden cases, lint cases), the shared
// examples when they are beside the repository, and small corner cases. `go test` runs only
// the seeds and testdata/fuzz/FuzzParse; `go test -fuzz FuzzParse ./lang/hcl` explores.
func FuzzParse(f *testing.F) {
	for _, spec := range repositorySpecs(f) {
		f.Add(spec.src)
	}
	f.Add([]byte(manyAttributes))
	for _, c := range fuzzSeeds {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		const name = "fuzz.hcl"
		p, ds := Parse(name, src)
		if p == nil && !ds.HasErrors() {
			t.Fatal("neither a pipeline nor an error")
		}
		checkDiagnostics(t, name, ds)
		// The nesting measured without tokens is the nesting of the tokens: were it less,
		// a file could reach hclsyntax's parser nested deeper than the limit.
		for _, text := range [][]byte{src, build.Newlines(src)} {
			if quick, ok := quickNesting(text); ok {
				toks, _ := hclsyntax.LexConfig(text, name, hclv2.InitialPos)
				if deepest, _ := tokenNesting(toks); quick != deepest {
					t.Fatalf("nesting without tokens %d, of the tokens %d, in %q", quick, deepest, text)
				}
			}
		}
		p2, ds2 := Parse(name, src)
		if !reflect.DeepEqual(p, p2) || !reflect.DeepEqual(ds, ds2) {
			t.Fatal("two parses of one input differ")
		}
		// Split for the parser at every item, as large files are, it decodes the same.
		if pc, dsc := parseWith(name, src, everyItem); !reflect.DeepEqual(p, pc) || !reflect.DeepEqual(ds, dsc) {
			t.Fatalf("parsed in chunks, the input decodes otherwise:\n%v\n%v", ds, dsc)
		}
		// pipec fmt: no crash, diagnostics as above, and formatting what it formatted
		// changes nothing.
		out, fds := Format(name, src)
		checkDiagnostics(t, name, fds)
		if out != nil {
			again, fds := Format(name, out)
			checkDiagnostics(t, name, fds)
			if !bytes.Equal(again, out) {
				t.Fatalf("formatting is not idempotent:\n%s\n---\n%s", out, again)
			}
		}
	})
}

// fuzzSeeds are small inputs aimed at the decoder's corners.
var fuzzSeeds = []string{
	inStage(`    when = (a || b) && !c`),
	inStage(`    env = { A = "${x.y}", B = 1, C = a.b-c.d }`),
	inStage(`    image = "%{ if a }b%{ endif }"`),
	inStage("    native \"x\" {\n      a = [1, { b = null }]\n    }"),
	inStage("    native \"github\" {\n      a = [[[{ b = [[{}]] }]]]\n    }"),
	inStage(`    when = !!!(((ci.branch == "a")))`),
	inStage("    step \"s\" {\n      run = <<-EOT\n        a ${ci.branch} $${x}\n      EOT\n    }"),
	inStage("    step \"s\" { run = \"\\x00\\r\\u2028: # &a *b\" }"),
	"pipeline \"x\" {\r\n  stage \"a\" {\r\n  }\r\n}\r\n",
	"\xef\xbb\xbfpipeline \"x\" {}\n",
	"pipeline \"\xff\" { stage \"\x00\" {} }",
}

// checkDiagnostics fails unless every diagnostic keeps diag's promise (Broken), and is
// no internal error.
func checkDiagnostics(t *testing.T, name string, ds diag.Diagnostics) {
	t.Helper()
	for _, d := range ds {
		if msg := d.Broken(name); msg != "" || d.Code == "internal-error" {
			t.Fatalf("bad diagnostic %v (%s): %s", d, msg, d.Detail)
		}
	}
}
