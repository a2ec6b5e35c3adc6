package cue

import (
	"fmt"

	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/model"
)

// This file reads the matrix's map and list values, whose CUE shapes differ from HCL's.

// axes decodes axes: {python: ["3.11", "3.12"], os: ["linux"]} in the order written.
func (d *decoder) axes(a *field, in diag.Range) []*model.Axis {
	// What is dropped for its type was written all the same: the checker must not say
	// that the matrix has no axes, or an axis no values, besides the type error.
	from := len(d.diags)
	defer func() { d.diags.Dropped(from, "axes", in) }()
	v := a.val
	if !d.isStruct(a, "a map of lists", `{python: ["3.11", "3.12"]}`) {
		return nil
	}
	out := []*model.Axis{}
	for _, f := range v.fields {
		if f.val.kind == kBad {
			continue
		}
		if f.val.kind != kList {
			d.wrongType(f.val, f.name, "a list of values", `write an axis as NAME: ["a", "b"]`)
			continue
		}
		axis := &model.Axis{Name: f.name, NameRange: f.nameRng, Values: []*model.Value{}}
		vfrom := len(d.diags)
		for _, el := range f.val.elems {
			if x, ok := d.value(f.name, el); ok && d.scalar(f.name, x, el) {
				axis.Values = append(axis.Values, x)
			}
		}
		d.diags.Dropped(vfrom, f.name, in)
		out = append(out, axis)
	}
	return out
}

// cells decodes include/exclude: [{python: "3.12", os: "linux"}, ...].
func (d *decoder) cells(a *field) []*model.MatrixCell {
	const want = "a list of maps"
	example := fmt.Sprintf(`write %s: [{python: "3.12"}]`, a.name)
	if a.val.kind == kBad {
		return nil
	}
	if a.val.kind != kList {
		d.wrongType(a.val, a.name, want, example)
		return nil
	}
	out := []*model.MatrixCell{}
	for _, el := range a.val.elems {
		if el.kind == kBad {
			continue
		}
		if el.kind != kStruct {
			d.wrongType(el, a.name, want, example)
			continue
		}
		x, _ := d.value(a.name, el)
		cell := &model.MatrixCell{Range: el.rng, Values: []*model.Entry{}}
		if x != nil {
			for i, e := range x.Map {
				if d.scalar(e.Key, e.Value, el.fields[i].val) {
					cell.Values = append(cell.Values, e)
				}
			}
		}
		out = append(out, cell)
	}
	return out
}
