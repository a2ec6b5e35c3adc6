package cue

import (
	"fmt"

	"cuelang.org/go/cue/ast"

	"github.com/pipec-dev/pipec/compile/diag"
	pbuild "github.com/pipec-dev/pipec/lang/build"
)

// maxElements is the most fields or elements one struct or list literal may hold. CUE
// evaluates a struct or list in time quadratic in its length (each new field is looked up
// among the ones before it): 50,000 list elements took 30 s, and a 1 MB JSON list did not
// finish in 5 minutes. Real specs hold tens.
const maxElements = 1000

// checkSyntax refuses, before CUE evaluates anything, a file whose syntax nests deeper
// than pipec reads (pbuild.MaxNesting) or holds a struct or list too long for CUE to
// evaluate in reasonable time (maxElements). CUE's parser stops at 10,000 levels of
// brackets only; a chain of a million "+" is a tree a million deep, which CUE's evaluator
// recursed on for minutes. It reports false after reporting the first problem.
func (d *decoder) checkSyntax(f *ast.File) bool { return d.checkLimits(f, true) }

// checkNesting is checkSyntax without the bound on a literal's length, for formatting,
// which evaluates nothing.
func (d *decoder) checkNesting(f *ast.File) bool { return d.checkLimits(f, false) }

func (d *decoder) checkLimits(f *ast.File, elements bool) bool {
	var bad *diag.Diagnostic
	depth := 0
	at := func(n ast.Node) diag.Range {
		r := d.srcs.rng(d.srcs.loc(n.Pos()), loc{})
		if r.IsZero() {
			r = fileStart(d.first)
		}
		return r
	}
	tooMany := func(n ast.Node, what string, count int) {
		bad = &diag.Diagnostic{Severity: diag.Error, Code: "too-many-elements",
			Summary: fmt.Sprintf("%s of %d elements; pipec reads at most %d", what, count, maxElements),
			Detail:  "CUE takes time quadratic in the length of a struct or list to evaluate it; split the value, or keep long data in files of the repository",
			Subject: at(n)}
	}
	if elements && len(f.Decls) > maxElements {
		tooMany(f, "a file", len(f.Decls))
		d.diags = append(d.diags, bad)
		return false
	}
	ast.Walk(f, func(n ast.Node) bool {
		if bad != nil {
			return false
		}
		switch x := n.(type) {
		case *ast.StructLit:
			if elements && len(x.Elts) > maxElements {
				tooMany(x, "a struct", len(x.Elts))
				return false
			}
		case *ast.ListLit:
			if elements && len(x.Elts) > maxElements {
				tooMany(x, "a list", len(x.Elts))
				return false
			}
		}
		if nests(n) {
			depth++
			if depth > pbuild.MaxNesting {
				bad = pbuild.TooDeep(at(n))
				return false
			}
		}
		return true
	}, func(n ast.Node) {
		if nests(n) {
			depth--
		}
	})
	if bad != nil {
		d.diags = append(d.diags, bad)
		return false
	}
	return true
}

// nests reports whether a node is a level of nesting: any expression but a name or a
// literal (structs, lists, operators, calls, selectors, interpolations, comprehensions).
func nests(n ast.Node) bool {
	switch n.(type) {
	case *ast.Ident, *ast.BasicLit, *ast.BottomLit:
		return false
	case ast.Expr, *ast.Comprehension:
		return true
	}
	return false
}
