package build

import (
	"fmt"

	"github.com/pipec-dev/pipec/compile/diag"
)

// The limits every front end holds a spec to, whatever its syntax. Real specs stay far
// below both; they exist so that no file, however hostile, can make pipec exhaust its
// stack (a fatal error no recover catches) or its memory, or run for minutes.
const (
	// MaxSpecSize is the largest spec file read, in bytes (4 MiB). Parsing costs memory
	// in proportion to the file's tokens (hclsyntax holds about 350 bytes per byte of a
	// file that is all brackets, so some 1.4 GB at the limit) and emitting writes each
	// script once per target: a few KB is usual, a 1 MB step script is fine, and the
	// 10,000-stage spec of the growth benchmarks (internal/specgen) is 3.5 MB.
	MaxSpecSize = 4 << 20

	// MaxNesting is how deeply blocks, objects, lists, parentheses, interpolations and
	// template directives may nest, counted together. The parsers and every later pass
	// recurse once per level.
	MaxNesting = 200
)

// TooLarge is the error for a spec file over MaxSpecSize, at its first line.
func TooLarge(filename string, size int) *diag.Diagnostic {
	p := diag.Pos{Line: 1, Column: 1}
	return &diag.Diagnostic{
		Severity: diag.Error,
		Code:     "spec-too-large",
		Summary:  fmt.Sprintf("the spec is %d bytes; pipec reads specs of at most %d MiB (%d bytes)", size, MaxSpecSize>>20, MaxSpecSize),
		Detail:   "a spec describes a pipeline; move long scripts into files of the repository and run them from a step",
		Subject:  diag.Range{Filename: filename, Start: p, End: p},
	}
}

// TooDeep is the error for the first construct nested deeper than MaxNesting.
func TooDeep(at diag.Range) *diag.Diagnostic {
	return &diag.Diagnostic{
		Severity: diag.Error,
		Code:     "nesting-too-deep",
		Summary:  fmt.Sprintf("nested more than %d levels deep", MaxNesting),
		Detail: fmt.Sprintf("pipec reads blocks, objects, lists, parentheses and interpolations nested at most %d deep, counted together; flatten the value",
			MaxNesting),
		Subject: at,
	}
}
