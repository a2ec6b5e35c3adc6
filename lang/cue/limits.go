package cue

import (
	"fmt"

	"cuelang.org/go/cue/ast"

	"github.com/pipec-dev/pipec/compile/diag"
	pbuild "github.com/pipec-dev/pipec/lang/build"
)

// CUE evaluates a struct or list in time quadratic in its length (each new field is
// looked up among the ones before it): 50,000 list elements took 30 s, and a 1 MB JSON
// list did not finish in 5 minutes. So the syntax's structs and lists (and a file's
// top-level fields) may hold at most maxElements each, and their lengths squared may
// add up to at most maxElementCost (about 1.5 s of CUE's time): one struct at the bound
// and a spec's ordinary ones (the 10,000 stages of the growth benchmarks take 11 s to
// generate, most of it not in their struct), or four structs of 10,000, not many.
const (
	maxElements    = 20000
	maxElementCost = maxElements*maxElements + 1<<20
)

// checkSyntax refuses, before CUE evaluates anything, a file whose syntax nests deeper
// than pipec reads (pbuild.MaxNesting) or holds structs or lists too long for CUE to
// evaluate in reasonable time (maxElements, maxElementCost). CUE's parser stops at
// 10,000 levels of brackets only; a chain of a million "+" is a tree a million deep,
// which CUE's evaluator recursed on for minutes. It reports false after reporting the
// first problem.
func (d *decoder) checkSyntax(f *ast.File) bool { return d.checkLimits(f, true) }

// checkNesting is checkSyntax without the bound on a literal's length, for formatting,
// which evaluates nothing.
func (d *decoder) checkNesting(f *ast.File) bool { return d.checkLimits(f, false) }

func (d *decoder) checkLimits(f *ast.File, elements bool) bool {
	var bad *diag.Diagnostic
	depth, cost := 0, 0
	at := func(n ast.Node) diag.Range {
		r := d.srcs.rng(d.srcs.loc(n.Pos()), loc{})
		if r.IsZero() {
			r = fileStart(d.first)
		}
		return r
	}
	// count adds a literal of n elements; it reports false after reporting one too long.
	count := func(node ast.Node, what string, n int) bool {
		if !elements {
			return true
		}
		cost += n * n
		if n <= maxElements && cost <= maxElementCost {
			return true
		}
		summary := fmt.Sprintf("%s of %d elements; pipec reads at most %d", what, n, maxElements)
		if n <= maxElements {
			summary = fmt.Sprintf("%s of %d elements, after others as long: the spec's structs and lists are too long together", what, n)
		}
		bad = &diag.Diagnostic{Severity: diag.Error, Code: "too-many-elements", Summary: summary,
			Detail: fmt.Sprintf("CUE takes time quadratic in the length of a struct or list to evaluate it; pipec reads structs and lists of at most %d elements, "+
				"and at most %d in all counting each one's length squared; split the spec, or keep long data in files of the repository", maxElements, maxElementCost),
			Subject: at(node)}
		return false
	}
	if !count(f, "a file", len(f.Decls)) {
		d.diags = append(d.diags, bad)
		return false
	}
	ast.Walk(f, func(n ast.Node) bool {
		if bad != nil {
			return false
		}
		switch x := n.(type) {
		case *ast.StructLit:
			if !count(x, "a struct", len(x.Elts)) {
				return false
			}
		case *ast.ListLit:
			if !count(x, "a list", len(x.Elts)) {
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
