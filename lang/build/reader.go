package build

import (
	"iter"

	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/expr"
	"github.com/pipec-dev/pipec/compile/model"
	"github.com/pipec-dev/pipec/schema"
)

// Reader is one front end's view of its syntax tree: A is its attribute type, B its block
// type. Every method reports its own problems (wrong types, unknown names) as diagnostics
// and returns what could still be read.
type Reader[A, B any] interface {
	// Content checks b's body against s (unknown names with "did you mean", missing
	// required attributes, labels, repeated single blocks) and returns its attributes and
	// blocks in the order the file gives them.
	Content(b B, s *schema.Body) ([]A, []B)

	AttrName(a A) string
	AttrNameRange(a A) diag.Range
	BlockType(b B) string
	// Label is a labeled block's label and where it is written (the block's name for an
	// unlabeled block).
	Label(b B) (string, diag.Range)
	BlockRange(b B) diag.Range
	BodyRange(b B) diag.Range
	// DefRange and TypeRange are where errors about a whole block, and about a repeated
	// block, point.
	DefRange(b B) diag.Range
	TypeRange(b B) diag.Range
	Errorf(r diag.Range, code, detail, format string, args ...any) *diag.Diagnostic
	// Mark is how many diagnostics the reader holds; Dropped marks those from index from
	// on as being about a value the user wrote for name in the block at in (see
	// diag.Diagnostics.Dropped).
	Mark() int
	Dropped(from int, name string, in diag.Range)
	// MisspelledSince reports whether a diagnostic from index from on reported an
	// unknown name as a probable typo of one of names.
	MisspelledSince(from int, names ...string) bool

	Str(a A) (model.String, bool)
	StrPtr(a A) *model.String
	StrValue(a A) string
	StringList(a A) []model.String
	IntPtr(a A) *model.Int
	IntList(a A) []model.Int
	BoolPtr(a A) *model.Bool
	BoolValue(a A) bool
	Duration(a A) *model.Duration
	Runner(a A) *model.Runner
	Env(a A) []*model.EnvVar
	Value(a A) (*model.Value, bool)
	Template(a A) (expr.Template, bool)
	TemplatePtr(a A) *expr.Template
	Condition(a A) expr.Expr
	// Axes reads a matrix's axes; in is the matrix block, where what it drops is recorded.
	Axes(a A, in diag.Range) []*model.Axis
	Cells(a A) []*model.MatrixCell
}

// builder walks blocks with a Reader.
type builder[A, B any] struct{ r Reader[A, B] }

// firstHere adds the "first declared here" note duplicates carry.
func firstHere(dd *diag.Diagnostic, first diag.Range) {
	dd.Related = append(dd.Related, diag.Note{Message: "first declared here", Subject: first})
}

// read yields b's attributes attrs, and marks the errors reading one of them gives as
// being about a value the user wrote for it: a value dropped for its type must not also
// be reported as absent ("canary deploy has no increments" after `increments = [10.5]`)
// by a check that consults model.Pipeline.MisspelledIn.
func (m builder[A, B]) read(b B, attrs []A) iter.Seq[A] {
	return func(yield func(A) bool) {
		in := m.r.BlockRange(b)
		for _, a := range attrs {
			from := m.r.Mark()
			more := yield(a)
			m.r.Dropped(from, m.r.AttrName(a), in)
			if !more {
				return
			}
		}
	}
}
