package hcl

import (
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/expr"
	"github.com/pipec-dev/pipec/compile/model"
	"github.com/pipec-dev/pipec/lang/build"
	pschema "github.com/pipec-dev/pipec/schema"
)

// The decoder is lang/build's Reader of HCL syntax: the builder walks the blocks, the
// methods below read them.
var _ build.Forker[*hclsyntax.Attribute, *hclsyntax.Block] = (*decoder)(nil)

// Fork gives the builder a decoder of the same file with diagnostics of its own: reading
// a block only reads the decoder's other fields, so forks read stages at once.
func (d *decoder) Fork() build.Forker[*hclsyntax.Attribute, *hclsyntax.Block] {
	return &decoder{filename: d.filename, src: d.src, cols: d.cols, bodies: d.bodies, chunking: d.chunking}
}

func (d *decoder) Reported() diag.Diagnostics { return d.diags }
func (d *decoder) Report(ds diag.Diagnostics) { d.diags = append(d.diags, ds...) }

// schemas holds every body's shape in this front end's form, converted once.
var schemas = func() map[*pschema.Body]*schema {
	out := map[*pschema.Body]*schema{}
	var add func(b *pschema.Body)
	add = func(b *pschema.Body) {
		if _, ok := out[b]; ok {
			return
		}
		s := fromSchema(b)
		out[b] = &s
		for _, bl := range b.Blocks {
			add(bl.Body)
		}
	}
	add(pschema.File)
	return out
}()

func (d *decoder) Content(b *hclsyntax.Block, s *pschema.Body) ([]*hclsyntax.Attribute, []*hclsyntax.Block) {
	sc, ok := schemas[s]
	if !ok {
		panic("lang/hcl: a body that pschema.File does not reach") // a programmer error
	}
	return d.content(b.Body, b, sc)
}

func (d *decoder) AttrName(a *hclsyntax.Attribute) string          { return a.Name }
func (d *decoder) AttrNameRange(a *hclsyntax.Attribute) diag.Range { return d.toRange(a.NameRange) }
func (d *decoder) BlockType(b *hclsyntax.Block) string             { return b.Type }
func (d *decoder) BlockRange(b *hclsyntax.Block) diag.Range        { return d.toRange(b.Range()) }
func (d *decoder) BodyRange(b *hclsyntax.Block) diag.Range         { return d.toRange(b.Body.SrcRange) }
func (d *decoder) DefRange(b *hclsyntax.Block) diag.Range          { return d.toRange(b.DefRange()) }
func (d *decoder) TypeRange(b *hclsyntax.Block) diag.Range         { return d.toRange(b.TypeRange) }

func (d *decoder) Label(b *hclsyntax.Block) (string, diag.Range) {
	if len(b.Labels) == 0 { // content drops labeled blocks without their label
		return "", d.toRange(b.DefRange())
	}
	return b.Labels[0], d.toRange(b.LabelRanges[0])
}

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
	return d.diags.Errorf(r, code, detail, format, args...)
}

func (d *decoder) Str(a *hclsyntax.Attribute) (model.String, bool)   { return d.str(a) }
func (d *decoder) StrPtr(a *hclsyntax.Attribute) *model.String       { return d.strPtr(a) }
func (d *decoder) StrValue(a *hclsyntax.Attribute) string            { return d.strValue(a) }
func (d *decoder) StringList(a *hclsyntax.Attribute) []model.String  { return d.stringList(a) }
func (d *decoder) IntPtr(a *hclsyntax.Attribute) *model.Int          { return d.intPtr(a) }
func (d *decoder) IntList(a *hclsyntax.Attribute) []model.Int        { return d.intList(a) }
func (d *decoder) BoolPtr(a *hclsyntax.Attribute) *model.Bool        { return d.boolPtr(a) }
func (d *decoder) BoolValue(a *hclsyntax.Attribute) bool             { return d.boolValue(a) }
func (d *decoder) Duration(a *hclsyntax.Attribute) *model.Duration   { return d.duration(a) }
func (d *decoder) Runner(a *hclsyntax.Attribute) *model.Runner       { return d.runner(a) }
func (d *decoder) Env(a *hclsyntax.Attribute) []*model.EnvVar        { return d.env(a) }
func (d *decoder) Value(a *hclsyntax.Attribute) (*model.Value, bool) { return d.value(a.Name, a.Expr) }
func (d *decoder) Template(a *hclsyntax.Attribute) (expr.Template, bool) {
	return d.template(a.Name, a.Expr, false)
}
func (d *decoder) TemplatePtr(a *hclsyntax.Attribute) *expr.Template        { return d.templatePtr(a) }
func (d *decoder) Condition(a *hclsyntax.Attribute) expr.Expr               { return d.condition(a) }
func (d *decoder) Axes(a *hclsyntax.Attribute, in diag.Range) []*model.Axis { return d.axes(a, in) }
func (d *decoder) Cells(a *hclsyntax.Attribute) []*model.MatrixCell         { return d.cells(a) }
