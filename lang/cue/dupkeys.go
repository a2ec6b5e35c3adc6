package cue

import (
	"cuelang.org/go/cue/ast"

	"github.com/pipec-dev/pipec/compile/diag"
)

// duplicateKeys reports a key written twice in one JSON object or YAML mapping. CUE
// would unify the two values (a stage written twice becomes one stage, quietly merged),
// but JSON and YAML keys are unique: YAML forbids duplicates, JSON parsers keep one of
// them, and the HCL front end reports the same mistake as duplicate-name. YAML merge
// keys (<<) are expanded by the YAML reader before this, so an override is no duplicate.
func (d *decoder) duplicateKeys(f *ast.File) bool {
	ok := true
	at := func(n ast.Node) diag.Range {
		r := d.srcs.rng(d.srcs.loc(n.Pos()), d.srcs.loc(n.End()))
		if r.IsZero() {
			r = fileStart(d.first)
		}
		return r
	}
	check := func(elts []ast.Decl) {
		first := map[string]ast.Label{}
		for _, e := range elts {
			fl, isField := e.(*ast.Field)
			if !isField {
				continue
			}
			name, _, err := ast.LabelName(fl.Label)
			if err != nil {
				continue
			}
			if prev, seen := first[name]; seen {
				ok = false
				dg := d.diags.Errorf(at(fl.Label), "duplicate-name", "JSON and YAML keys are unique within an object or mapping; CUE would merge the two values", "duplicate key %q", name)
				dg.Related = append(dg.Related, diag.Note{Message: "first written here", Subject: at(prev)})
				continue
			}
			first[name] = fl.Label
		}
	}
	check(f.Decls)
	ast.Walk(f, func(n ast.Node) bool {
		if s, isStruct := n.(*ast.StructLit); isStruct {
			check(s.Elts)
		}
		return true
	}, nil)
	return ok
}
