package cue

import (
	"fmt"

	"github.com/pipec-dev/pipec/compile/model"
)

// This file reads the matrix's map and list values, whose CUE shapes differ from HCL's.

// axes decodes axes: {python: ["3.11", "3.12"], os: ["linux"]} in the order written.
func (d *decoder) axes(a *field) []*model.Axis {
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
		for _, el := range f.val.elems {
			if x, ok := d.value(f.name, el); ok && d.scalar(f.name, x, el) {
				axis.Values = append(axis.Values, x)
			}
		}
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
