package cue

import (
	"fmt"
	"slices"
	"strings"

	"cuelang.org/go/cue"
	"cuelang.org/go/cue/ast"

	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/model"
	"github.com/pipec-dev/pipec/lang/build"
	pschema "github.com/pipec-dev/pipec/schema"
)

// decoder carries the files being decoded and collects diagnostics.
type decoder struct {
	srcs  sources
	first string // the first file: where file-level problems point
	diags diag.Diagnostics
	// shapeErrs holds the paths of values the decoder reported a shape error for, so the
	// same error from CUE's schema check is not reported twice.
	shapeErrs map[string]bool
	// valueAt is where each value of the spec is written, by path (see treeBuilder.at).
	valueAt map[string]diag.Range
	// definitions are the texts of the spec's definitions and hidden fields (#Stage:
	// {...}, _linux: {...}): its templates.
	definitions []diag.Range
	// tagged are the texts of the fields with a @tag attribute.
	tagged []diag.Range
	// astFiles are the spec's parsed files, for the names a "did you mean" offers.
	astFiles []*ast.File
	// spec is the spec's evaluated value, without the schema: where a reference cycle
	// is followed (see referenceCycle).
	spec cue.Value
	// refused holds CUE's field-not-allowed errors, by the path of the field a closed
	// struct of the spec's refuses.
	refused map[string]*diag.Diagnostic
	// misspelt holds the paths of the fields a "did you mean" offered (run, for a step's
	// rnu): CUE's word that such a field is left incomplete (a template's run: string)
	// is the typo again.
	misspelt map[string]bool
	// given is the value a failed disjunction's diagnostic was given ("zsh" against
	// "bash" | "sh"), to show it at that value (see decoder.valueFirst).
	given map[*diag.Diagnostic]string
}

func (d *decoder) errorf(r diag.Range, code, detail, format string, args ...any) *diag.Diagnostic {
	return d.diags.Errorf(r, code, detail, format, args...)
}

// shapeErr reports a shape error about the value at path.
func (d *decoder) shapeErr(n *node, r diag.Range, code, detail, format string, args ...any) *diag.Diagnostic {
	if d.shapeErrs == nil {
		d.shapeErrs = map[string]bool{}
	}
	d.shapeErrs[n.path] = true
	return d.errorf(r, code, detail, format, args...)
}

// block is one block of the HCL language as this front end sees it: a struct, with the
// label it is keyed by and where that label is written.
type block struct {
	typ      string
	label    string
	labelRng diag.Range // the label, or the block's name for an unlabeled block
	body     *node
}

// describe names a block in messages as the HCL front end does: `stage "build"`, `matrix`.
func (b *block) describe() string {
	if b == nil {
		return "the file"
	}
	if b.label != "" {
		return fmt.Sprintf("%s %q", b.typ, b.label)
	}
	return b.typ
}

func (b *block) rng() diag.Range {
	r := b.body.rng
	if r.IsZero() || r.Start.Line == 0 {
		return b.labelRng
	}
	// HCL's block starts at its name (on {, stage "build" {): so does this one, at its
	// key, not at the body, whose start is a brace in CUE and JSON and the first key
	// inside the block in YAML, where a problem with the whole block is not.
	l := b.labelRng
	if l.Filename == r.Filename && l.Start.Line > 0 && l.Start.Byte <= r.Start.Byte {
		r.Start = l.Start
	}
	return r
}

// content checks a block's body against s, as the HCL front end's content does: unknown
// names (with "did you mean"), missing required attributes, the shape of labeled blocks,
// repeated single blocks. It returns the attributes and blocks, in the order written.
func (d *decoder) content(owner *block, n *node, s *pschema.Body) ([]*field, []*block) {
	where := owner.describe()
	if n.kind == kBad {
		return nil, nil
	}
	if n.kind != kStruct {
		d.shapeErr(n, n.rng, "wrong-type", fmt.Sprintf("write %s: { ... }", owner.typ), "%q must be a struct", owner.typ)
		return nil, nil
	}
	var attrs []*field
	var blocks []*block
	have := map[string]bool{}
	var typos []string // the names unknown fields are probably typos of
	var synonyms []*diag.Diagnostic
	for _, f := range n.fields {
		if dd := d.refused[f.val.path]; dd != nil && f.val.kind == kBad && owner != nil && dd.Misspelling == nil {
			// A field a closed struct of the spec's refuses (step in a stage unified
			// with #Retry: {retries: int}) has no value here, but it was written: it
			// is not also missing (stage has no steps).
			dd.Misspelling = &diag.Misspelling{Name: f.name, In: owner.rng()}
		}
		if s.AnyAttrs {
			attrs = append(attrs, f)
			continue
		}
		if _, ok := s.Attr(f.name); ok {
			attrs = append(attrs, f)
			have[f.name] = true
			continue
		}
		in := n.rng
		if owner != nil {
			in = owner.rng()
		}
		bt, ok := s.Block(f.name)
		if !ok {
			if dd := d.unknown(f, where, s, in); dd != nil && dd.Misspelling.Any != nil {
				synonyms = append(synonyms, dd)
			} else if dd != nil {
				typos = append(typos, dd.Misspelling.Name)
			}
			continue
		}
		blocks = append(blocks, d.blocksOf(f, bt, where, in)...)
	}
	var unset []string
	for _, name := range s.Required() {
		// "rnu" was reported with did you mean "run": "run" missing says it again.
		if !have[name] && !slices.Contains(typos, name) {
			unset = append(unset, name)
		}
	}
	if !build.SynonymOfRequired(synonyms, where, unset) {
		for _, name := range unset {
			r := owner.labelRng
			if owner == nil || r.IsZero() {
				r = n.rng
			}
			d.errorf(r, "missing-attribute", fmt.Sprintf("%s must set %q", where, name),
				"missing attribute %q in %s", name, where)
		}
	}
	return attrs, blocks
}

// blocksOf expands a block field: `matrix: {...}` is one block, `step: {a: {...}, b:
// {...}}` is one block per label, in order. A block of the wrong shape is reported and
// dropped, and recorded as a misspelling of its own name in the body of the block at in:
// the user wrote the block, so the checker must not report it absent as well ("stage
// has no steps" under `step: [...]`).
func (d *decoder) blocksOf(f *field, bt pschema.Block, where string, in diag.Range) []*block {
	dropped := func(dd *diag.Diagnostic) {
		if dd != nil {
			dd.Misspelling = &diag.Misspelling{Name: bt.Name, In: in}
		}
	}
	v := f.val
	if v.kind == kBad {
		return nil
	}
	if bt.Label == "" {
		if v.kind != kStruct {
			dropped(d.shapeErr(v, v.rng, "wrong-type", fmt.Sprintf("write %s: { ... }", bt.Name), "%q must be a struct", bt.Name))
			return nil
		}
		return []*block{{typ: bt.Name, labelRng: f.nameRng, body: v}}
	}
	label := strings.ToUpper(bt.Label)
	if v.kind != kStruct {
		dropped(d.shapeErr(v, v.rng, "wrong-type", fmt.Sprintf("write %s: %s: { ... }, one field per %s", bt.Name, label, bt.Label),
			"%q must be a struct of %ss", bt.Name, bt.Label))
		return nil
	}
	var out []*block
	for i, lf := range v.fields {
		if lf.val.kind == kBad {
			continue
		}
		if lf.val.kind != kStruct {
			dropped(d.shapeErr(lf.val, lf.val.rng, "wrong-type", fmt.Sprintf("write %s: %s: { ... }", bt.Name, lf.name),
				"%s %q must be a struct", bt.Name, lf.name))
			continue
		}
		if bt.Single && i > 0 {
			dd := d.shapeErr(lf.val, lf.nameRng, "duplicate-block",
				fmt.Sprintf("%s takes one %q block; merge them", where, bt.Name),
				"duplicate %q block in %s", bt.Name, where)
			dd.Related = append(dd.Related, diag.Note{Message: "first declared here", Subject: v.fields[0].nameRng})
			continue
		}
		out = append(out, &block{typ: bt.Name, label: lf.name, labelRng: lf.nameRng, body: lf.val})
	}
	return out
}

// unknown reports a field the body does not have, with HCL's codes: a struct value reads
// as a block, anything else as an attribute. The suggestion looks at both kinds of names,
// since CUE writes both alike. It returns the diagnostic when it records what the name
// probably stands for (its Misspelling): the known name suggested, or the names a
// synonym may stand for, in the body of the block at in.
func (d *decoder) unknown(f *field, where string, s *pschema.Body, in diag.Range) *diag.Diagnostic {
	all := append(s.AttrNames(), s.BlockNames()...)
	attr := f.val.kind != kStruct
	own, other := s.AttrNames(), s.BlockNames()
	if !attr {
		own, other = other, own
	}
	// A struct may be a map attribute's value (axes: {os: [...]}), and the name it is a
	// typo of says which: the diagnostic is the one HCL gives for that name. The nearest
	// name of either kind wins (Env is env, not on), one of the value's kind on a tie.
	suggest := diag.Suggest(f.name, slices.Concat(own, other))
	if suggest != "" && !slices.Contains(own, suggest) {
		attr = !attr
	}
	code, what := "unknown-block", "block"
	if attr {
		code, what = "unknown-attribute", "attribute"
	}
	var home *pschema.Block // the block a field written one level too high belongs in
	if bt, ok := s.BlockWithAttr(f.name); ok && suggest == "" && !s.AnyAttrs {
		home = &bt
	}
	if nm, ok := s.NamedMap(); ok && home == nil && suggest == "" && !s.AnyAttrs {
		// `matrix: region: [...]`: an axis written one level too high; the axes are
		// not absent, nor is what refers to them.
		dd := d.shapeErr(f.val, f.nameRng, "unknown-attribute",
			fmt.Sprintf("if %q is one of the %s, write it inside %s: %s: { %s: [...] }", f.name, nm.Name, nm.Name, nm.Name, f.name),
			"unknown attribute %q in %s", f.name, where)
		if dd == nil {
			return nil
		}
		dd.Misspelling = &diag.Misspelling{Name: nm.Name, In: in}
		return dd
	}
	var homes []string // the blocks elsewhere that take the name (`verify` in a strategy)
	if suggest == "" && !s.AnyAttrs {
		homes = pschema.Homes(f.name, !attr, s)
	}
	detail := ""
	switch {
	case attr && build.ForeignHint(s.Name, f.name) != "":
		detail = build.ForeignHint(s.Name, f.name)
	case home != nil:
		path := home.Name
		if home.Label != "" {
			path += ": " + strings.ToUpper(home.Label)
		}
		detail = fmt.Sprintf("%q is set in a %s block: write %s: %s: ...", f.name, home.Name, path, f.name)
	case suggest != "":
		detail = fmt.Sprintf("did you mean %q?", suggest)
	case len(homes) > 0:
		detail = build.HomeHint(f.name, homes, where)
	case len(all) == 0:
		detail = fmt.Sprintf("%s takes no fields", where)
	default:
		detail = fmt.Sprintf("%s accepts %s", where, diag.List(all))
	}
	dd := d.shapeErr(f.val, f.nameRng, code, detail, "unknown %s %q in %s", what, f.name, where)
	if home != nil && dd != nil {
		// `run` in a stage: the step it belongs in is not absent either.
		dd.Misspelling = &diag.Misspelling{Name: home.Name, In: in}
		return nil
	}
	if len(homes) > 0 && !attr && dd != nil {
		// `switch` in a strategy: the stage's switch steps were written, one block
		// too deep; the checker must not report them absent as well.
		dd.Misspelling = &diag.Misspelling{Name: f.name, In: in}
		return dd
	}
	if dd == nil {
		return nil
	}
	if suggest == "" {
		// Close to no name: a synonym (`schedule` for `cron`, `dispatch` for `manual`) of
		// any of the names of its kind; a struct may also be a map attribute's value.
		names := s.AttrNames()
		if !attr {
			names = all
		}
		dd.Misspelling = &diag.Misspelling{Any: names, In: in}
		return dd
	}
	dd.Misspelling = &diag.Misspelling{Name: suggest, In: in}
	if i := strings.LastIndex(f.val.path, pathSep); i >= 0 {
		if d.misspelt == nil {
			d.misspelt = map[string]bool{}
		}
		d.misspelt[joinPath(f.val.path[:i], suggest)] = true
	}
	return dd
}

// unevaluatedPipeline tells the pipeline field, or a pipeline in it, that has no value.
func unevaluatedPipeline(f *field) bool {
	bad := func(l *field) bool { return l.val.kind == kBad }
	return f.name == "pipeline" && (bad(f) || f.val.kind == kStruct && slices.ContainsFunc(f.val.fields, bad))
}

// file finds the one pipeline.
func (d *decoder) file(root *node) *model.Pipeline {
	attrs, blocks := d.content(nil, root, pschema.File)
	for _, a := range attrs {
		d.str(a) // "$schema", which only editors read: a string, as the JSON Schema says
	}
	if len(blocks) == 0 {
		if d.diags.Misspelled("pipeline") { // reported with its "did you mean"
			return nil
		}
		if slices.ContainsFunc(root.fields, unevaluatedPipeline) {
			// Written, but CUE could not evaluate it (a comprehension over a value with
			// an error, or left incomplete, elsewhere): CUE's error says why, and the
			// pipeline is not absent.
			return nil
		}
		d.errorf(fileStart(d.first), "missing-pipeline",
			`a spec holds one pipeline: pipeline: "NAME": { ... }`, "no pipeline in the file")
		return nil
	}
	for _, extra := range blocks[1:] {
		dd := d.errorf(extra.labelRng, "multiple-pipelines",
			"a spec holds exactly one pipeline; put each pipeline in its own file",
			"more than one pipeline block in the file")
		dd.Related = append(dd.Related, diag.Note{Message: "first declared here", Subject: blocks[0].labelRng})
	}
	return build.Pipeline[*field, *block](d, blocks[0])
}
