package cue

import (
	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/expr"
	"github.com/pipec-dev/pipec/compile/model"
	"github.com/pipec-dev/pipec/lang/build"
	pschema "github.com/pipec-dev/pipec/schema"
)

// The decoder is lang/build's Reader of the CUE tree: the builder walks the blocks, the
// methods below read them.
var _ build.Reader[*field, *block] = (*decoder)(nil)

func (d *decoder) Content(b *block, s *pschema.Body) ([]*field, []*block) {
	return d.content(b, b.body, s)
}

func (d *decoder) AttrName(a *field) string            { return a.name }
func (d *decoder) AttrNameRange(a *field) diag.Range   { return a.nameRng }
func (d *decoder) BlockType(b *block) string           { return b.typ }
func (d *decoder) Label(b *block) (string, diag.Range) { return b.label, b.labelRng }
func (d *decoder) BlockRange(b *block) diag.Range      { return b.rng() }
func (d *decoder) BodyRange(b *block) diag.Range       { return b.body.rng }
func (d *decoder) DefRange(b *block) diag.Range        { return b.labelRng }
func (d *decoder) TypeRange(b *block) diag.Range       { return b.labelRng }
func (d *decoder) Str(a *field) (model.String, bool)   { return d.str(a) }
func (d *decoder) StrPtr(a *field) *model.String       { return d.strPtr(a) }
func (d *decoder) StrValue(a *field) string            { return d.strValue(a) }
func (d *decoder) StringList(a *field) []model.String  { return d.stringList(a) }
func (d *decoder) IntPtr(a *field) *model.Int          { return d.intPtr(a) }
func (d *decoder) IntList(a *field) []model.Int        { return d.intList(a) }
func (d *decoder) BoolPtr(a *field) *model.Bool        { return d.boolPtr(a) }
func (d *decoder) BoolValue(a *field) bool             { return d.boolValue(a) }
func (d *decoder) Duration(a *field) *model.Duration   { return d.duration(a) }
func (d *decoder) Runner(a *field) *model.Runner       { return d.runner(a) }
func (d *decoder) Env(a *field) []*model.EnvVar        { return d.env(a) }
func (d *decoder) Value(a *field) (*model.Value, bool) { return d.value(a.name, a.val) }
func (d *decoder) Template(a *field) (expr.Template, bool) {
	return d.template(a.name, a.val, false)
}
func (d *decoder) TemplatePtr(a *field) *expr.Template        { return d.templatePtr(a) }
func (d *decoder) Condition(a *field) expr.Expr               { return d.condition(a) }
func (d *decoder) Axes(a *field, in diag.Range) []*model.Axis { return d.axes(a, in) }
func (d *decoder) Cells(a *field) []*model.MatrixCell         { return d.cells(a) }

// Errorf is errorf, for the builder.
func (d *decoder) Mark() int { return len(d.diags) }
func (d *decoder) Dropped(from int, name string, in diag.Range) {
	d.diags.Dropped(from, name, in)
}
func (d *decoder) MisspelledSince(from int, names ...string) bool {
	for _, n := range names {
		if d.diags[from:].Misspelled(n) {
			return true
		}
	}
	return false
}

func (d *decoder) Errorf(r diag.Range, code, detail, format string, args ...any) *diag.Diagnostic {
	return d.errorf(r, code, detail, format, args...)
}
