package lint

import (
	"strings"

	"github.com/pipec-dev/pipec/compile/expr"
	"github.com/pipec-dev/pipec/compile/model"
)

// circleciFilters is a stage's native "circleci" filters, which go to its workflow
// entries, read as a pipec condition: CircleCI runs a job for a branch unless its
// branches filter leaves the branch out, and for a tag only when its tags filter lets
// the tag in. Literal names are tests of ci.branch and ci.tag, /.*/ admits every name,
// and another /regex/ reads as a value no scenario knows; so does an expression filter
// (a string). It is nil when the stage has none or the circleci target is not selected.
func circleciFilters(p *Pass, s *model.Stage) expr.Expr {
	v := nativeKey(p, s, "circleci", "filters")
	if v == nil {
		return nil
	}
	if v.Kind != model.KindMap {
		return opaque
	}
	tag := &expr.Binary{Op: "!=", X: ciRef("ci.tag"), Y: &expr.StringLit{}}
	var tags expr.Expr = &expr.BoolLit{Value: false}
	if t := mapKey(v, "tags"); t != nil {
		tags = ccFilter(t, "ci.tag")
	}
	var branches expr.Expr = &expr.BoolLit{Value: true}
	if b := mapKey(v, "branches"); b != nil {
		branches = ccFilter(b, "ci.branch")
	}
	return &expr.Binary{Op: "||",
		X: &expr.Binary{Op: "&&", X: tag, Y: tags},
		Y: &expr.Binary{Op: "&&", X: &expr.Not{X: tag}, Y: branches}}
}

// ccFilter is a branches or tags filter ({only: ..., ignore: ...}) as a test of ref: a
// name in only (every name without only) and in no ignore.
func ccFilter(f *model.Value, ref string) expr.Expr {
	if f.Kind != model.KindMap {
		return opaque
	}
	var x expr.Expr = &expr.BoolLit{Value: true}
	if o := mapKey(f, "only"); o != nil {
		x = ccNames(o, ref)
	}
	if ig := mapKey(f, "ignore"); ig != nil {
		x = &expr.Binary{Op: "&&", X: x, Y: &expr.Not{X: ccNames(ig, ref)}}
	}
	return x
}

// ccNames is whether ref is one of the names or patterns of a filter's only or ignore
// (a string or a list of them).
func ccNames(v *model.Value, ref string) expr.Expr {
	var names []string
	switch v.Kind {
	case model.KindString:
		names = []string{v.Str}
	case model.KindList:
		for _, it := range v.List {
			if it.Kind != model.KindString {
				return opaque
			}
			names = append(names, it.Str)
		}
	default:
		return opaque
	}
	var x expr.Expr = &expr.BoolLit{Value: false}
	for _, n := range names {
		var one expr.Expr
		switch {
		case n == "/.*/" || n == "/.+/":
			one = &expr.BoolLit{Value: true} // every branch or tag has a name
		case len(n) >= 2 && strings.HasPrefix(n, "/") && strings.HasSuffix(n, "/"):
			one = opaque
		default:
			one = &expr.Binary{Op: "==", X: ciRef(ref), Y: &expr.StringLit{Value: n}}
		}
		x = &expr.Binary{Op: "||", X: x, Y: one}
	}
	return x
}
