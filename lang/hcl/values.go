package hcl

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"

	hclv2 "github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/pipec-dev/pipec/compile/model"
	"github.com/pipec-dev/pipec/lang/build"
)

// This file decodes single values. Each function reports its own problems and returns
// ok=false (or nil) when there is no value to store.

// wrongType reports a value of the wrong shape: `"needs" must be a list of strings`.
func (d *decoder) wrongType(r hclv2.Range, name, want, detail string) {
	d.errorf(r, "wrong-type", detail, "%q must be %s", name, want)
}

// literalString returns the value of a string that interpolates nothing. part is the
// first interpolation or directive when there is one; isString is false when e is not a
// string at all.
func literalString(e hclsyntax.Expression) (val string, part hclsyntax.Expression, isString bool) {
	switch e := e.(type) {
	case *hclsyntax.TemplateExpr:
		var b strings.Builder
		for _, p := range e.Parts {
			s, ok := stringLit(p)
			if !ok {
				return "", p, true
			}
			b.WriteString(s)
		}
		return b.String(), nil, true
	case *hclsyntax.TemplateWrapExpr:
		return "", e.Wrapped, true
	}
	s, ok := stringLit(e)
	return s, nil, ok
}

// stringLit is a literal string value (HCL has already unescaped it).
func stringLit(e hclsyntax.Expression) (string, bool) {
	lit, ok := e.(*hclsyntax.LiteralValueExpr)
	if !ok || lit.Val.IsNull() || !lit.Val.IsKnown() || !lit.Val.Type().Equals(cty.String) {
		return "", false
	}
	return lit.Val.AsString(), true
}

// plain decodes a string that must not interpolate: names, globs, cron, urls, types. want
// completes the wrong-type summary (`"needs" must be a list of strings`).
func (d *decoder) plain(name string, e hclsyntax.Expression, want string) (model.String, bool) {
	val, part, isString := literalString(e)
	switch {
	case !isString:
		d.wrongType(e.Range(), name, want, "expected a quoted string")
		return model.String{}, false
	case part != nil:
		d.noInterpolation(name, part)
		return model.String{}, false
	}
	return model.String{Value: val, Range: d.toRange(e.Range())}, true
}

// str is plain for a single string attribute.
func (d *decoder) str(a *hclsyntax.Attribute) (model.String, bool) {
	return d.plain(a.Name, a.Expr, "a string")
}

// strPtr is str for an optional string the model keeps as a pointer.
func (d *decoder) strPtr(a *hclsyntax.Attribute) *model.String {
	if s, ok := d.str(a); ok {
		return &s
	}
	return nil
}

// strValue is str for a string the model keeps without its range.
func (d *decoder) strValue(a *hclsyntax.Attribute) string {
	s, _ := d.str(a)
	return s.Value
}

// stringList decodes ["a", "b"]; each element keeps its own range.
func (d *decoder) stringList(a *hclsyntax.Attribute) []model.String {
	const want = "a list of strings"
	tup, ok := a.Expr.(*hclsyntax.TupleConsExpr)
	if !ok {
		d.wrongType(a.Expr.Range(), a.Name, want, fmt.Sprintf(`write %s = ["..."]`, a.Name))
		return nil
	}
	out := []model.String{}
	for _, el := range tup.Exprs {
		if s, ok := d.plain(a.Name, el, want); ok {
			out = append(out, s)
		}
	}
	return out
}

// integer decodes a whole number written as a literal, optionally negative (3, or 3.0).
func (d *decoder) integer(name string, e hclsyntax.Expression, want string) (model.Int, bool) {
	inner, sign := e, ""
	if u, ok := e.(*hclsyntax.UnaryOpExpr); ok && u.Op == hclsyntax.OpNegate {
		inner, sign = u.Val, "-"
	}
	lit, ok := inner.(*hclsyntax.LiteralValueExpr)
	if ok && !lit.Val.IsNull() && lit.Val.Type().Equals(cty.Number) {
		if n, err := strconv.Atoi(sign + d.text(lit.SrcRange)); err == nil {
			return model.Int{Value: n, Range: d.toRange(e.Range())}, true
		}
		// 3.0 or 3e0 is the whole number 3, as JSON Schema and the other front ends
		// read it.
		if f := lit.Val.AsBigFloat(); f.IsInt() {
			if n, acc := f.Int64(); acc == big.Exact && int64(int(n)) == n {
				if sign == "-" {
					n = -n
				}
				return model.Int{Value: int(n), Range: d.toRange(e.Range())}, true
			}
		}
	}
	d.wrongType(e.Range(), name, want, "expected a whole number such as 3, without quotes")
	return model.Int{}, false
}

func (d *decoder) intPtr(a *hclsyntax.Attribute) *model.Int {
	if n, ok := d.integer(a.Name, a.Expr, "a whole number"); ok {
		return &n
	}
	return nil
}

// intList decodes [10, 50].
func (d *decoder) intList(a *hclsyntax.Attribute) []model.Int {
	const want = "a list of whole numbers"
	tup, ok := a.Expr.(*hclsyntax.TupleConsExpr)
	if !ok {
		d.wrongType(a.Expr.Range(), a.Name, want, fmt.Sprintf("write %s = [1, 2]", a.Name))
		return nil
	}
	out := []model.Int{}
	for _, el := range tup.Exprs {
		if n, ok := d.integer(a.Name, el, want); ok {
			out = append(out, n)
		}
	}
	return out
}

func (d *decoder) boolean(a *hclsyntax.Attribute) (model.Bool, bool) {
	lit, ok := a.Expr.(*hclsyntax.LiteralValueExpr)
	if ok && !lit.Val.IsNull() && lit.Val.Type().Equals(cty.Bool) {
		return model.Bool{Value: lit.Val.True(), Range: d.toRange(a.Expr.Range())}, true
	}
	d.wrongType(a.Expr.Range(), a.Name, "true or false", "expected true or false, without quotes")
	return model.Bool{}, false
}

func (d *decoder) boolPtr(a *hclsyntax.Attribute) *model.Bool {
	if b, ok := d.boolean(a); ok {
		return &b
	}
	return nil
}

// boolValue is boolean for a flag the model keeps without its range.
func (d *decoder) boolValue(a *hclsyntax.Attribute) bool {
	b, _ := d.boolean(a)
	return b.Value
}

// duration decodes "30m", "4h", "1h30m", "7d".
func (d *decoder) duration(a *hclsyntax.Attribute) *model.Duration {
	s, ok := d.plain(a.Name, a.Expr, `a duration such as "30m"`)
	if !ok {
		return nil
	}
	secs, err := model.ParseDuration(s.Value)
	if err != nil {
		d.errorf(a.Expr.Range(), "bad-duration", err.Error(), "invalid duration %q in %q", s.Value, a.Name)
		return nil
	}
	return &model.Duration{Seconds: secs, Text: s.Value, Range: s.Range}
}

// runner decodes a class ("linux") or a list of labels (["self-hosted", "gpu"]).
func (d *decoder) runner(a *hclsyntax.Attribute) *model.Runner {
	if d.matrixRunner(a.Expr) {
		return nil
	}
	if _, isList := a.Expr.(*hclsyntax.TupleConsExpr); isList {
		from := len(d.diags)
		labels := d.stringList(a)
		if len(labels) == 0 && len(d.diags) > from {
			return nil // every label was of the wrong type, and reported: the list is not empty
		}
		return &model.Runner{Labels: labels, Range: d.toRange(a.Expr.Range())}
	}
	s, ok := d.plain(a.Name, a.Expr, "a runner class or a list of labels")
	if !ok {
		return nil
	}
	return &model.Runner{Class: s.Value, Range: s.Range}
}

// matrixRunner reports a runner that reads the matrix (runner = matrix.os, "${matrix.os}"
// or a label list holding one) at its first such reference, once, rather than as the
// wrong type or an interpolation where plain text belongs.
func (d *decoder) matrixRunner(e hclsyntax.Expression) bool {
	for _, t := range e.Variables() {
		if t.RootName() == "matrix" {
			d.errorf(t.SourceRange(), build.MatrixRunnerCode, build.MatrixRunnerDetail, build.MatrixRunnerSummary)
			return true
		}
	}
	return false
}
