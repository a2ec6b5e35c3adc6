package cue

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"cuelang.org/go/cue/ast"
	"cuelang.org/go/cue/format"
	"cuelang.org/go/cue/parser"

	"github.com/pipec-dev/pipec/compile/diag"
	pbuild "github.com/pipec-dev/pipec/lang/build"
)

// FormatCUE returns a CUE file in CUE's canonical layout: what `cue fmt` writes (the same
// parser and printer, without simplification), comments kept. It is idempotent.
//
// A file CUE cannot parse is not formatted: the result is nil and the diagnostics are its
// syntax errors at file:line:column, as Parse reports them. Errors of meaning (conflicting
// values, unknown fields) are left to Parse: the file is formatted.
func FormatCUE(filename string, src []byte) (out []byte, diags diag.Diagnostics) {
	defer func() {
		// cuelang.org/go asserts invariants with panics; a user's file must never crash
		// pipec.
		if r := recover(); r != nil {
			out = nil
			diags = diag.Diagnostics{internalFormatError(filename, fmt.Sprintf("the CUE formatter crashed: %v", r))}
		}
	}()
	src = pbuild.Newlines(src)
	if len(src) > pbuild.MaxSpecSize {
		return nil, diag.Diagnostics{pbuild.TooLarge(filename, len(src))}
	}
	d := &decoder{srcs: sources{filename: newSource(src)}, first: filename}
	f, err := parser.ParseFile(filename, src, parser.ParseComments)
	if err != nil {
		d.syntaxErrors(err, filename)
		d.diags.Sort()
		return nil, d.diags
	}
	// The printer recurses over the tree: a chain of a million "+" (which CUE's parser
	// builds without recursing) kept it busy for minutes. Long lists are fine here: no
	// evaluation.
	if !d.checkNesting(f) {
		return nil, d.diags
	}
	comments := commentTexts(f)
	// CUE's printer does not always reach its own layout in one pass (a comment before an
	// operator moves again the second time), and `pipec fmt --check` must accept what
	// `pipec fmt` wrote: print until the layout settles.
	for range maxFormatPasses {
		out, err = format.Node(f)
		if err != nil {
			return nil, diag.Diagnostics{internalFormatError(filename, fmt.Sprintf("the CUE formatter failed: %v", err))}
		}
		// The printer places comments by their attachment to the tree; a comment it failed
		// to place would vanish from the user's file, so check that none did, and that
		// the result still parses.
		f, err = parser.ParseFile(filename, out, parser.ParseComments)
		if err != nil {
			return nil, diag.Diagnostics{internalFormatError(filename, fmt.Sprintf("the formatted file does not parse: %v", err))}
		}
		if !slices.Equal(comments, commentTexts(f)) {
			return nil, diag.Diagnostics{internalFormatError(filename, "formatting would lose or change a comment")}
		}
		if bytes.Equal(out, src) {
			return out, nil
		}
		src = out
	}
	return nil, diag.Diagnostics{internalFormatError(filename, "the CUE formatter does not settle on a layout for this file")}
}

// maxFormatPasses bounds the passes of the printer; every file seen settles in two.
const maxFormatPasses = 4

// commentTexts lists the text of every comment in the file, sorted: what must survive
// formatting whatever node the printer attaches each one to.
func commentTexts(f *ast.File) []string {
	var out []string
	seen := map[*ast.CommentGroup]bool{}
	ast.Walk(f, func(n ast.Node) bool {
		for _, cg := range ast.Comments(n) {
			if seen[cg] {
				continue
			}
			seen[cg] = true
			for _, c := range cg.List {
				out = append(out, strings.TrimRight(c.Text, " \t"))
			}
		}
		return true
	}, nil)
	slices.Sort(out)
	return out
}

// FormatJSON re-indents a JSON spec with two spaces, one member per line, and a final
// newline. Only the layout changes: keys keep their order (the order of steps and stages)
// and every value keeps its exact text (numbers, escapes). A file that is not JSON is not
// formatted: the result is nil and the diagnostic is the syntax error at file:line:column.
func FormatJSON(filename string, src []byte) ([]byte, diag.Diagnostics) {
	if len(src) > pbuild.MaxSpecSize {
		return nil, diag.Diagnostics{pbuild.TooLarge(filename, len(src))}
	}
	// A byte order mark (Windows editors write one) is allowed in a spec, and Parse
	// reads past it; JSON's syntax does not, so without this a spec that compiles was
	// refused as "invalid character" at 1:1. It is dropped, as the HCL and CUE
	// formatters drop it.
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	d := &decoder{srcs: sources{filename: newSource(src)}, first: filename}
	if !d.jsonSyntax(File{Name: filename, Src: src}) {
		return nil, d.diags
	}
	var b bytes.Buffer
	if err := json.Indent(&b, bytes.TrimSpace(src), "", "  "); err != nil {
		// jsonSyntax accepted the file, so this is not the user's mistake.
		return nil, diag.Diagnostics{internalFormatError(filename, fmt.Sprintf("re-indenting JSON failed: %v", err))}
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}

func internalFormatError(filename, summary string) *diag.Diagnostic {
	return &diag.Diagnostic{Severity: diag.Error, Code: "internal-error", Summary: summary,
		Detail:  "the file is left as it is; this is a bug in pipec, please report it with the file",
		Subject: fileStart(filename)}
}
