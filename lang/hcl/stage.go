package hcl

import (
	"fmt"

	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/model"
)

// This file reads the matrix's map and list values, whose HCL shapes differ from CUE's.

// axes decodes axes = { python = ["3.11", "3.12"], os = ["linux"] } in source order.
func (d *decoder) axes(a *hclsyntax.Attribute, in diag.Range) []*model.Axis {
	// What is dropped for its type was written all the same: the checker must not say
	// that the matrix has no axes, or an axis no values, besides the type error.
	from := len(d.diags)
	defer func() { d.diags.Dropped(from, "axes", in) }()
	obj, ok := d.object(a, "a map of lists", `{ python = ["3.11", "3.12"] }`)
	if !ok {
		return nil
	}
	out := []*model.Axis{}
	seen := keys{}
	for _, item := range obj.Items {
		name, ok := d.objectKey(item.KeyExpr)
		if !ok || !d.uniqueKey(seen, name, item.KeyExpr.Range(), a.Name) {
			continue
		}
		tup, ok := item.ValueExpr.(*hclsyntax.TupleConsExpr)
		if !ok {
			d.wrongType(item.ValueExpr.Range(), name, "a list of values", `write an axis as NAME = ["a", "b"]`)
			continue
		}
		axis := &model.Axis{Name: name, NameRange: d.toRange(item.KeyExpr.Range()), Values: []*model.Value{}}
		vfrom := len(d.diags)
		for _, el := range tup.Exprs {
			if v, ok := d.value(name, el); ok && d.scalar(name, v) {
				axis.Values = append(axis.Values, v)
			}
		}
		d.diags.Dropped(vfrom, name, in)
		out = append(out, axis)
	}
	return out
}

// cells decodes include/exclude = [{ python = "3.12", os = "linux" }, ...].
func (d *decoder) cells(a *hclsyntax.Attribute) []*model.MatrixCell {
	const want = "a list of maps"
	const example = `write %s = [{ python = "3.12" }]`
	tup, ok := a.Expr.(*hclsyntax.TupleConsExpr)
	if !ok {
		d.wrongType(a.Expr.Range(), a.Name, want, fmt.Sprintf(example, a.Name))
		return nil
	}
	out := []*model.MatrixCell{}
	for _, el := range tup.Exprs {
		obj, ok := el.(*hclsyntax.ObjectConsExpr)
		if !ok {
			d.wrongType(el.Range(), a.Name, want, fmt.Sprintf(example, a.Name))
			continue
		}
		entries, _ := d.entries(a.Name, obj)
		cell := &model.MatrixCell{Range: d.toRange(obj.Range()), Values: []*model.Entry{}}
		for _, e := range entries {
			if d.scalar(e.Key, e.Value) {
				cell.Values = append(cell.Values, e)
			}
		}
		out = append(out, cell)
	}
	return out
}
