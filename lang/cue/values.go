package cue

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/expr"
	"github.com/pipec-dev/pipec/compile/model"
	pbuild "github.com/pipec-dev/pipec/lang/build"
)

// This file decodes single values, with the HCL front end's wording. A value CUE could
// not evaluate (kBad) is skipped silently: CUE's own error about it is reported instead.

// wrongType reports a value of the wrong shape: `"needs" must be a list of strings`.
func (d *decoder) wrongType(n *node, name, want, detail string) {
	if n.kind == kBytes && strings.Contains(want, "string") && strings.EqualFold(filepath.Ext(n.rng.Filename), ".cue") {
		// CUE's words for it ("mismatched types bytes and string") name a type the
		// user did not mean: '...' is CUE's byte string, "..." its text.
		detail = `'...' is a byte string in CUE: write text in double quotes, "..."`
	}
	if b, ok := d.yaml11Bool(n); ok && want == "true or false" {
		// yes, on, off: YAML 1.1's booleans, which YAML 1.2 (CUE's reader, pipec's)
		// reads as text, as GitHub's and GitLab's readers do not.
		detail = fmt.Sprintf("YAML 1.2 reads %s as the string %q (YAML 1.1 read it as %t): write %t", n.str, n.str, b, b)
	}
	d.shapeErr(n, n.rng, "wrong-type", detail, "%q must be %s", name, want)
}

// yaml11Bool is the boolean YAML 1.1 reads an unquoted word of a YAML spec as (yes, No,
// on, OFF, y), which YAML 1.2 reads as a string.
func (d *decoder) yaml11Bool(n *node) (bool, bool) {
	s := d.srcs[n.rng.Filename]
	if n.kind != kString || s == nil || !s.charColumns {
		return false, false
	}
	end := n.rng.Start.Byte + len(n.str)
	if end > len(s.src) || string(s.src[n.rng.Start.Byte:end]) != n.str || end < len(s.src) && isNumberByte(s.src[end]) {
		return false, false // quoted, or written otherwise
	}
	switch n.str {
	case "y", "Y", "yes", "Yes", "YES", "on", "On", "ON":
		return true, true
	case "n", "N", "no", "No", "NO", "off", "Off", "OFF":
		return false, true
	}
	return false, false
}

func (d *decoder) isStruct(a *field, want, example string) bool {
	switch a.val.kind {
	case kBad:
		return false
	case kStruct:
		return true
	}
	d.wrongType(a.val, a.name, want, fmt.Sprintf("write %s: %s", a.name, example))
	return false
}

// plainText checks that a string which must not interpolate has no ${...} and turns $${
// into ${, as HCL does, so one string means the same in every syntax.
func (d *decoder) plainText(name string, n *node) (string, bool) {
	s := n.str
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch {
		case strings.HasPrefix(s[i:], "$${"):
			b.WriteString("${")
			i += 2
		case strings.HasPrefix(s[i:], "${"):
			r := d.subRange(n, i, min(i+2, len(s)))
			d.errorf(r, "interpolation-not-allowed",
				fmt.Sprintf(`%q is plain text: references cannot be used here; write $${ for a literal "${"`, name),
				"interpolation is not allowed in %q", name)
			return "", false
		default:
			b.WriteByte(s[i])
		}
	}
	return pbuild.NFC(b.String()), true
}

// plain decodes a string that must not interpolate: names, globs, cron, urls, types.
func (d *decoder) plain(name string, n *node, want string) (model.String, bool) {
	switch n.kind {
	case kBad:
		return model.String{}, false
	case kString:
		s, ok := d.plainText(name, n)
		if !ok {
			return model.String{}, false
		}
		return model.String{Value: s, Range: n.rng}, true
	}
	d.wrongType(n, name, want, "expected a quoted string")
	return model.String{}, false
}

func (d *decoder) str(a *field) (model.String, bool) { return d.plain(a.name, a.val, "a string") }

func (d *decoder) strPtr(a *field) *model.String {
	if s, ok := d.str(a); ok {
		return &s
	}
	return nil
}

func (d *decoder) strValue(a *field) string {
	s, _ := d.str(a)
	return s.Value
}

// stringList decodes ["a", "b"]; each element keeps its own range.
func (d *decoder) stringList(a *field) []model.String {
	const want = "a list of strings"
	switch a.val.kind {
	case kBad:
		return nil
	case kList:
	default:
		d.wrongType(a.val, a.name, want, fmt.Sprintf(`write %s: ["..."]`, a.name))
		return nil
	}
	out := []model.String{}
	for _, el := range a.val.elems {
		if s, ok := d.plain(a.name, el, want); ok {
			out = append(out, s)
		}
	}
	return out
}

// integer decodes a whole number: 3, and also 3.0 or 3e0, which JSON Schema (and so an
// editor) counts as the integer 3.
func (d *decoder) integer(name string, n *node, want string) (model.Int, bool) {
	if n.kind == kBad {
		return model.Int{}, false
	}
	if n.kind == kNumber && n.intVal != "" {
		if v, err := strconv.Atoi(n.intVal); err == nil {
			return model.Int{Value: v, Range: n.rng}, true
		}
	}
	d.wrongType(n, name, want, "expected a whole number such as 3, without quotes")
	return model.Int{}, false
}

func (d *decoder) intPtr(a *field) *model.Int {
	if n, ok := d.integer(a.name, a.val, "a whole number"); ok {
		return &n
	}
	return nil
}

func (d *decoder) intList(a *field) []model.Int {
	const want = "a list of whole numbers"
	switch a.val.kind {
	case kBad:
		return nil
	case kList:
	default:
		d.wrongType(a.val, a.name, want, fmt.Sprintf("write %s: [1, 2]", a.name))
		return nil
	}
	out := []model.Int{}
	for _, el := range a.val.elems {
		if n, ok := d.integer(a.name, el, want); ok {
			out = append(out, n)
		}
	}
	return out
}

func (d *decoder) boolean(a *field) (model.Bool, bool) {
	switch a.val.kind {
	case kBad:
		return model.Bool{}, false
	case kBool:
		return model.Bool{Value: a.val.b, Range: a.val.rng}, true
	}
	d.wrongType(a.val, a.name, "true or false", "expected true or false, without quotes")
	return model.Bool{}, false
}

func (d *decoder) boolPtr(a *field) *model.Bool {
	if b, ok := d.boolean(a); ok {
		return &b
	}
	return nil
}

func (d *decoder) boolValue(a *field) bool {
	b, _ := d.boolean(a)
	return b.Value
}

// duration decodes "30m", "4h", "1h30m", "7d".
func (d *decoder) duration(a *field) *model.Duration {
	s, ok := d.plain(a.name, a.val, `a duration such as "30m"`)
	if !ok {
		return nil
	}
	secs, err := model.ParseDuration(s.Value)
	if err != nil {
		d.shapeErr(a.val, a.val.rng, "bad-duration", err.Error(), "invalid duration %q in %q", s.Value, a.name)
		return nil
	}
	return &model.Duration{Seconds: secs, Text: s.Value, Range: s.Range}
}

// isAxis reports a reference path that names a matrix axis (stage.NAME.matrix.axes.os,
// or a template's #Stage.matrix.axes.os). One value of it (matrix.axes.os[0]) is a
// constant label, and no matrix.
func isAxis(ref string) bool {
	const axes = "matrix" + pathSep + "axes" + pathSep
	i := strings.LastIndex(ref, axes)
	if i < 0 || (i > 0 && ref[i-1] != pathSep[0]) {
		return false
	}
	return !strings.Contains(ref[i+len(axes):], pathSep)
}

// runner decodes a class ("linux") or a list of labels (["self-hosted", "gpu"]).
func (d *decoder) runner(a *field) *model.Runner {
	if d.matrixRunner(a.val) {
		return nil
	}
	if a.val.kind == kList {
		from := len(d.diags)
		labels := d.stringList(a)
		if len(labels) == 0 && len(d.diags) > from {
			return nil // every label was of the wrong type, and reported: the list is not empty
		}
		return &model.Runner{Labels: labels, Range: a.val.rng}
	}
	s, ok := d.plain(a.name, a.val, "a runner class or a list of labels")
	if !ok {
		return nil
	}
	return &model.Runner{Class: s.Value, Range: s.Range}
}

// env decodes env: {NAME: "value"} in the order written.
func (d *decoder) env(a *field) []*model.EnvVar {
	if !d.isStruct(a, "a map of strings", `{NAME: "value"}`) {
		return nil
	}
	out := []*model.EnvVar{}
	for _, f := range a.val.fields {
		if f.val.kind == kStruct && a.name == "env" {
			// env: production: {...}: an environment, under the name of the attribute
			// env (HCL's env "production" { ... }); it is not absent where a stage
			// deploys to it.
			dd := d.shapeErr(f.val, f.val.rng, "wrong-type",
				fmt.Sprintf(`an env value is a string; to declare an environment, write environment: %q: { ... }`, f.name),
				"%q must be a string", f.name)
			dd.Misspelling = &diag.Misspelling{Name: "environment", In: a.val.rng}
			continue
		}
		val, ok := d.template(f.name, f.val, true)
		if !ok {
			continue
		}
		r := f.nameRng
		r.End = f.val.rng.End
		if r.End.Line == 0 {
			r.End = r.Start
		}
		out = append(out, &model.EnvVar{Name: f.name, NameRange: f.nameRng, Value: val, Range: r})
	}
	return out
}

// value decodes a literal of any shape: input defaults, matrix values, native bodies.
func (d *decoder) value(name string, n *node) (*model.Value, bool) {
	v := &model.Value{Range: n.rng}
	switch n.kind {
	case kBad:
		return nil, false
	case kNull:
		v.Kind = model.KindNull
	case kBool:
		v.Kind, v.Bool = model.KindBool, n.b
	case kNumber:
		v.Kind, v.Str = model.KindNumber, n.str
	case kString:
		s, ok := d.plainText(name, n)
		if !ok {
			return nil, false
		}
		v.Kind, v.Str = model.KindString, s
	case kList:
		v.Kind, v.List = model.KindList, []*model.Value{}
		ok := true
		for _, el := range n.elems {
			x, elOK := d.value(name, el)
			if elOK {
				v.List = append(v.List, x)
			}
			ok = ok && elOK
		}
		return v, ok
	case kStruct:
		v.Kind, v.Map = model.KindMap, []*model.Entry{}
		ok := true
		for _, f := range n.fields {
			x, fOK := d.value(f.name, f.val)
			if !fOK {
				ok = false
				continue
			}
			v.Map = append(v.Map, &model.Entry{Key: pbuild.NFC(f.name), KeyRange: f.nameRng, Value: x})
		}
		return v, ok
	}
	return v, true
}

// scalar checks that a matrix value is a string, number or bool.
func (d *decoder) scalar(name string, v *model.Value, n *node) bool {
	switch v.Kind {
	case model.KindString, model.KindNumber, model.KindBool:
		return true
	}
	d.shapeErr(n, v.Range, "wrong-type", "matrix values are strings, numbers or true/false",
		"%q must be a list of strings, numbers or booleans", name)
	return false
}

// template decodes a string that may interpolate references: run, image, env values.
// scalars lets a bare number or bool stand for its text, as env values may.
func (d *decoder) template(name string, n *node, scalars bool) (expr.Template, bool) {
	fail := expr.Template{Range: n.rng} // where the compiler reports a missing value
	switch {
	case n.kind == kBad:
		return fail, false
	case n.kind == kString:
	case scalars && n.kind == kNumber:
		return expr.Literal(n.str, n.rng), true
	case scalars && n.kind == kBool:
		return expr.Literal(strconv.FormatBool(n.b), n.rng), true
	case name == "image" && n.kind == kStruct:
		image := ""
		for _, f := range n.fields {
			if f.name == "name" && f.val.kind == kString {
				image = f.val.str
			}
		}
		d.wrongType(n, name, "a string", pbuild.ImageObjectHint(image))
		return fail, false
	default:
		d.wrongType(n, name, "a string", `expected a quoted string, which may use references such as "${ci.commit_sha}"`)
		return fail, false
	}
	at, remap := d.textSource(n)
	// Parsed from the string as written, so that positions map back into the file;
	// normalized after.
	t, ds := expr.ParseTemplate(n.str, at)
	t = pbuild.NFCTemplate(t)
	d.appendRemapped(ds, remap)
	for _, p := range t.Parts {
		if p.Ref != nil {
			p.Ref.Range = remap(p.Ref.Range)
		}
	}
	t.Range = n.rng
	// On an error the parts read so far are kept, as the HCL front end keeps them, so the
	// compiler does not add that the value is empty.
	return t, !ds.HasErrors()
}

func (d *decoder) templatePtr(a *field) *expr.Template {
	if t, ok := d.template(a.name, a.val, false); ok {
		return &t
	}
	return nil
}

// condition decodes `when`, a string holding the condition in the HCL syntax.
func (d *decoder) condition(a *field) expr.Expr {
	n := a.val
	switch n.kind {
	case kBad:
		return nil
	case kString:
	case kBool:
		// HCL's when = true is the condition true; when: true means the same here (YAML
		// users write it unquoted), and is parsed as that text, at the value.
		src := strconv.FormatBool(n.b)
		whole := func(diag.Range) diag.Range { return n.rng }
		x, ds := expr.ParseExpr(src, expr.Source{Filename: n.rng.Filename, Start: n.rng.Start})
		d.appendRemapped(ds, whole)
		if x != nil {
			remapExpr(x, whole)
		}
		return x
	default:
		d.wrongType(n, a.name, "a condition written as a string (or true or false)", `write when: "ci.branch == \"main\""`)
		return nil
	}
	at, remap := d.textSource(n)
	x, ds := expr.ParseExpr(n.str, at)
	d.appendRemapped(ds, remap)
	if x != nil {
		remapExpr(x, remap)
		pbuild.NFCCondition(x)
	}
	return x
}

func (d *decoder) appendRemapped(ds diag.Diagnostics, remap func(diag.Range) diag.Range) {
	for _, dd := range ds {
		dd.Subject = remap(dd.Subject)
		for i := range dd.Related {
			dd.Related[i].Subject = remap(dd.Related[i].Subject)
		}
	}
	d.diags.Append(ds)
}

// subRange is the range of bytes from..to of a string value, exact where the literal can
// be mapped, else the whole value.
func (d *decoder) subRange(n *node, from, to int) diag.Range {
	_, remap := d.textSource(n)
	if !n.start.ok {
		return n.rng
	}
	return remap(diag.Range{Filename: n.start.file, Start: diag.Pos{Line: 1, Column: 1 + from, Byte: from}, End: diag.Pos{Line: 1, Column: 1 + to, Byte: to}})
}

// textSource is where the parsers in compile/expr place a string's text. They parse
// from offset 0, and remap turns each range into the file: the exact position when the
// literal's bytes can be mapped (escapes included), else the whole value. A value CUE
// computed (an interpolation "\(x)", strings.Join) or one behind a reference has text
// the file does not hold at that place: an offset into it, counted from the value's
// start, pointed at other text, or at another line.
func (d *decoder) textSource(n *node) (expr.Source, func(diag.Range) diag.Range) {
	if !n.start.ok {
		identity := func(r diag.Range) diag.Range { return r }
		return expr.Source{Filename: n.rng.Filename, Start: n.rng.Start}, identity
	}
	file := n.start.file
	from := expr.Source{Filename: file, Start: diag.Pos{Line: 1, Column: 1, Byte: 0}}
	offs := rawOffsets(d.srcs[file].src, n.start.off, n.str)
	if offs == nil {
		whole := func(r diag.Range) diag.Range {
			if r.Filename != file {
				return r
			}
			return n.rng
		}
		return from, whole
	}
	at := func(p diag.Pos) diag.Pos {
		i := min(max(p.Byte, 0), len(offs)-1)
		return d.srcs.at(file, offs[i])
	}
	remap := func(r diag.Range) diag.Range {
		if r.Filename != file {
			return r
		}
		return diag.Range{Filename: file, Start: at(r.Start), End: at(r.End)}
	}
	return from, remap
}

// remapExpr moves every range of a parsed condition into the file.
func remapExpr(x expr.Expr, remap func(diag.Range) diag.Range) {
	switch x := x.(type) {
	case *expr.RefExpr:
		x.Ref.Range = remap(x.Ref.Range)
	case *expr.StringLit:
		x.Rng = remap(x.Rng)
	case *expr.BoolLit:
		x.Rng = remap(x.Rng)
	case *expr.NumberLit:
		x.Rng = remap(x.Rng)
	case *expr.Not:
		x.Rng = remap(x.Rng)
		remapExpr(x.X, remap)
	case *expr.Binary:
		x.Rng = remap(x.Rng)
		remapExpr(x.X, remap)
		remapExpr(x.Y, remap)
	case *expr.Call:
		x.Rng = remap(x.Rng)
		x.NameRng = remap(x.NameRng)
		for _, a := range x.Args {
			remapExpr(a, remap)
		}
	}
}

// matrixRunner reports a runner that reads the matrix ("${matrix.os}", alone or in a
// label list) at its first such reference, once, rather than as an interpolation where
// plain text belongs. A $${ is a literal and not a reference. A CUE reference to an axis
// (runner: matrix.axes.os) is reported too, as HCL's runner = matrix.os is: CUE resolves
// it to the axis's list, which would otherwise be read as one runner's labels.
func (d *decoder) matrixRunner(n *node) bool {
	if isAxis(n.ref) {
		d.errorf(n.rng, pbuild.MatrixRunnerCode, pbuild.MatrixRunnerDetail, pbuild.MatrixRunnerSummary)
		return true
	}
	nodes := []*node{n}
	if n.kind == kList {
		nodes = n.elems
	}
	for _, e := range nodes {
		if e.kind != kString {
			continue
		}
		for i := 0; i < len(e.str); i++ {
			switch {
			case strings.HasPrefix(e.str[i:], "$${"):
				i += 2
			case strings.HasPrefix(e.str[i:], "${matrix."):
				end := strings.IndexByte(e.str[i:], '}')
				if end < 0 {
					end = len(e.str) - i
				}
				d.errorf(d.subRange(e, i+2, i+end), pbuild.MatrixRunnerCode, pbuild.MatrixRunnerDetail, pbuild.MatrixRunnerSummary)
				return true
			}
		}
	}
	return false
}
