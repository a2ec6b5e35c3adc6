package hcl

import (
	"bytes"
	"fmt"

	hclv2 "github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/lang/build"
)

// Format returns src in HCL's canonical layout: hclwrite.Format's (see layout), the layout
// `terraform fmt` and `packer fmt` write (two-space indentation, aligned `=` in a run of
// attributes, one space around operators). It changes only spaces, tabs and line endings
// (CRLF becomes LF): comments, heredocs and every other token stay byte for byte, so
// formatting never changes what the spec means.
//
// A file HCL cannot parse is not formatted: the result is nil and the diagnostics are the
// syntax errors, at file:line:column, as Parse reports them. Problems that are not syntax
// (an attribute set twice, an unknown block) are left to Parse: the file is formatted.
func Format(filename string, src []byte) (out []byte, diags diag.Diagnostics) {
	d := &decoder{filename: filename}
	defer func() {
		// hclsyntax asserts invariants with panics; a user's file must never crash pipec.
		if r := recover(); r != nil {
			out = nil
			diags = diag.Diagnostics{{Severity: diag.Error, Code: "internal-error",
				Summary: fmt.Sprintf("the HCL formatter crashed: %v", r),
				Detail:  "this is a bug in pipec; please report it with the file that caused it",
				Subject: fileStart(filename)}}
		}
	}()
	src = build.Newlines(src)
	d.src = src
	// The parser recurses per level of nesting, as when compiling: a file
	// nested a million deep overflowed the stack, which no recover catches.
	if !d.checkLimits() {
		return nil, d.diags
	}
	if errs := syntaxErrors(d, src); len(errs) > 0 {
		return nil, errs
	}
	out = layout(src)
	// layout re-spaces tokens; a formatter that lost
	// or changed a token would silently change the spec, so compare and refuse instead.
	if at, ok := sameTokens(filename, src, out); !ok {
		return nil, diag.Diagnostics{{Severity: diag.Error, Code: "internal-error",
			Summary: "formatting would change the file's content, not only its layout",
			Detail:  "the file is left as it is; this is a bug in pipec's HCL formatting, please report it with the file",
			Subject: at}}
	}
	return out, nil
}

// syntaxErrors parses src and returns its errors when it does not parse: HCL's syntax
// errors in pipec's words, whatever their code. A platform's ${{ ... }} in a string is
// one (bad-reference: HCL reads "${" and then an object), and laying out such a file
// spaced the braces apart, "${ { github.sha } }", changing the string's text.
func syntaxErrors(d *decoder, src []byte) diag.Diagnostics {
	file, hdiags := hclsyntax.ParseConfig(src, d.filename, hclv2.InitialPos)
	var body *hclsyntax.Body
	if file != nil {
		body, _ = file.Body.(*hclsyntax.Body)
	}
	if !d.convert(hdiags, body) {
		return nil
	}
	var out diag.Diagnostics
	for _, dd := range d.diags {
		if dd.Severity == diag.Error {
			out = append(out, dd)
		}
	}
	out.Sort()
	return out
}

// sameTokens reports whether a and b are the same tokens, up to the spaces between them
// and trailing spaces in comments. When they differ, the range is where a's first
// differing token is.
func sameTokens(filename string, a, b []byte) (diag.Range, bool) {
	ta, _ := hclsyntax.LexConfig(a, filename, hclv2.InitialPos)
	tb, _ := hclsyntax.LexConfig(b, filename, hclv2.InitialPos)
	for i := range max(len(ta), len(tb)) {
		if i >= len(ta) || i >= len(tb) {
			at := fileStart(filename)
			if i < len(ta) {
				at = rangeIn(a, ta[i].Range)
			}
			return at, false
		}
		x, y := ta[i], tb[i]
		if x.Type != y.Type || !bytes.Equal(tokenText(x), tokenText(y)) {
			return rangeIn(a, x.Range), false
		}
	}
	return diag.Range{}, true
}

func tokenText(t hclsyntax.Token) []byte {
	if t.Type == hclsyntax.TokenComment {
		return bytes.TrimRight(t.Bytes, " \t\n")
	}
	return t.Bytes
}
