package cue

import (
	"bytes"
	"slices"
	"unicode/utf8"

	"cuelang.org/go/cue/ast"
	yamlast "github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	yamltoken "github.com/goccy/go-yaml/token"

	"github.com/pipec-dev/pipec/compile/diag"
)

// duplicateKeys reports a key written twice in one JSON object or YAML mapping. CUE
// would unify the two values (a stage written twice becomes one stage, quietly merged),
// but JSON and YAML keys are unique: YAML forbids duplicates, JSON parsers keep one of
// them, and the HCL front end reports the same mistake as duplicate-name. YAML merge
// keys (<<) are expanded by the YAML reader before this, so an override is no duplicate
// (and a key written twice beside one is found by mergeDuplicateKeys).
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

// mergeDuplicateKeys reports a key written twice in a YAML mapping that also has a merge
// key (<<: *defaults): CUE's YAML reader lets a later key of such a mapping replace an
// earlier one, the merged keys and the written ones alike, so duplicateKeys never sees
// the first. A key that overrides a merged one is no duplicate. It reads the file with
// go-yaml's parser, and only a file that writes "<<" at all, within the bounds that
// parser keeps to (see yamlSyntaxError).
func (d *decoder) mergeDuplicateKeys(filename string, src []byte) bool {
	if !bytes.Contains(src, []byte("<<")) || len(src) > yamlRelocateMax || flowDepth(src) > yamlRelocateDepth {
		return true
	}
	f, err := parser.ParseBytes(src, 0, parser.AllowDuplicateMapKey())
	s := d.srcs[filename]
	if err != nil || f == nil || s == nil {
		return true
	}
	at := func(t *yamltoken.Token) diag.Range {
		p := t.Position
		if p == nil || p.Line < 1 || p.Line > len(s.lines) || p.Column < 1 {
			return fileStart(filename)
		}
		n := utf8.RuneCountInString(t.Value)
		if t.Type == yamltoken.DoubleQuoteType || t.Type == yamltoken.SingleQuoteType {
			n += 2
		}
		start := s.charOffset(s.lines[p.Line-1], p.Column)
		return diag.Range{Filename: filename, Start: s.pos(start), End: s.pos(s.charOffset(s.lines[p.Line-1], p.Column+n))}
	}
	ok := true
	for _, n := range yamlast.FilterFile(yamlast.MappingType, f) {
		m, isMapping := n.(*yamlast.MappingNode)
		if !isMapping || !slices.ContainsFunc(m.Values, isMerge) {
			continue
		}
		first := map[string]*yamltoken.Token{}
		for _, mv := range m.Values {
			if isMerge(mv) || mv.Key == nil {
				continue
			}
			t := mv.Key.GetToken()
			if t == nil {
				continue
			}
			if prev, seen := first[t.Value]; seen {
				ok = false
				dg := d.diags.Errorf(at(t), "duplicate-name", "JSON and YAML keys are unique within an object or mapping; CUE would merge the two values", "duplicate key %q", t.Value)
				dg.Related = append(dg.Related, diag.Note{Message: "first written here", Subject: at(prev)})
				continue
			}
			first[t.Value] = t
		}
	}
	return ok
}

func isMerge(mv *yamlast.MappingValueNode) bool {
	return mv.Key != nil && mv.Key.Type() == yamlast.MergeKeyType
}
