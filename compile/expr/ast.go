package expr

import (
	"strconv"
	"strings"

	"github.com/pipec-dev/pipec/compile/diag"
)

// Ref is a dotted reference such as ci.commit_sha or stage.build.outputs.tag.
type Ref struct {
	Path  []string
	Range diag.Range
}

// String renders the reference as written: "ci.commit_sha".
func (r *Ref) String() string { return strings.Join(r.Path, ".") }

// Root is the first segment: "ci", "matrix", "input", "secret", "stage" or "deploy".
func (r *Ref) Root() string {
	if len(r.Path) == 0 {
		return ""
	}
	return r.Path[0]
}

// Part is one piece of a template: literal text, or a reference.
type Part struct {
	Lit string
	Ref *Ref // non-nil for an interpolation
}

// Template is a string value that may interpolate references. A plain string is a
// template with one literal part.
type Template struct {
	Parts []Part
	Range diag.Range
}

// Literal makes a template of plain text.
func Literal(s string, rng diag.Range) Template {
	if s == "" {
		return Template{Range: rng}
	}
	return Template{Parts: []Part{{Lit: s}}, Range: rng}
}

// IsLiteral reports whether the template interpolates nothing.
func (t Template) IsLiteral() bool {
	for _, p := range t.Parts {
		if p.Ref != nil {
			return false
		}
	}
	return true
}

// IsZero reports whether the template is empty and was never set.
func (t Template) IsZero() bool { return len(t.Parts) == 0 && t.Range.IsZero() }

// Text renders the template in source syntax: references as ${ref}, a literal "${" as
// "$${", so ParseTemplate(t.Text()) gives t back.
func (t Template) Text() string {
	var b strings.Builder
	for _, p := range t.Parts {
		if p.Ref != nil {
			b.WriteString("${" + p.Ref.String() + "}")
		} else {
			b.WriteString(strings.ReplaceAll(p.Lit, "${", "$${"))
		}
	}
	return b.String()
}

// Literal returns the template's text when it interpolates nothing.
func (t Template) Literal() string {
	var b strings.Builder
	for _, p := range t.Parts {
		b.WriteString(p.Lit)
	}
	return b.String()
}

// Refs lists the references in order of appearance.
func (t Template) Refs() []*Ref {
	var out []*Ref
	for _, p := range t.Parts {
		if p.Ref != nil {
			out = append(out, p.Ref)
		}
	}
	return out
}

// Expr is a node of a `when` condition tree.
type Expr interface {
	Range() diag.Range
	String() string
	exprNode()
}

// RefExpr is a reference used as a value.
type RefExpr struct{ Ref *Ref }

// StringLit is a quoted string.
type StringLit struct {
	Value string
	Rng   diag.Range
}

// BoolLit is true or false.
type BoolLit struct {
	Value bool
	Rng   diag.Range
}

// NumberLit is a number, kept as written: platforms compare numbers as strings.
type NumberLit struct {
	Text string
	Rng  diag.Range
}

// Not is !X.
type Not struct {
	X   Expr
	Rng diag.Range
}

// Binary is X op Y with op one of ==, !=, &&, ||.
type Binary struct {
	Op   string
	X, Y Expr
	Rng  diag.Range
}

// Call is startswith(s, prefix) or matches(s, glob).
type Call struct {
	Func    string
	Args    []Expr
	Rng     diag.Range
	NameRng diag.Range
}

// Functions lists the functions a `when` may call, with their arities.
var Functions = map[string]int{"startswith": 2, "matches": 2}

// FunctionNames is Functions' keys in a stable order, for "did you mean".
var FunctionNames = []string{"matches", "startswith"}

func (e *RefExpr) Range() diag.Range   { return e.Ref.Range }
func (e *StringLit) Range() diag.Range { return e.Rng }
func (e *BoolLit) Range() diag.Range   { return e.Rng }
func (e *NumberLit) Range() diag.Range { return e.Rng }
func (e *Not) Range() diag.Range       { return e.Rng }
func (e *Binary) Range() diag.Range    { return e.Rng }
func (e *Call) Range() diag.Range      { return e.Rng }

func (e *RefExpr) String() string   { return e.Ref.String() }
func (e *StringLit) String() string { return strconv.Quote(e.Value) }
func (e *BoolLit) String() string   { return strconv.FormatBool(e.Value) }
func (e *NumberLit) String() string { return e.Text }
func (e *Not) String() string       { return "!" + paren(e.X) }
func (e *Binary) String() string    { return paren(e.X) + " " + e.Op + " " + paren(e.Y) }
func (e *Call) String() string {
	args := make([]string, len(e.Args))
	for i, a := range e.Args {
		args[i] = a.String()
	}
	return e.Func + "(" + strings.Join(args, ", ") + ")"
}

func paren(e Expr) string {
	if b, ok := e.(*Binary); ok {
		return "(" + b.String() + ")"
	}
	return e.String()
}

func (*RefExpr) exprNode()   {}
func (*StringLit) exprNode() {}
func (*BoolLit) exprNode()   {}
func (*NumberLit) exprNode() {}
func (*Not) exprNode()       {}
func (*Binary) exprNode()    {}
func (*Call) exprNode()      {}

// Refs lists every reference in an expression, left to right.
func Refs(e Expr) []*Ref {
	var out []*Ref
	Walk(e, func(n Expr) {
		if r, ok := n.(*RefExpr); ok {
			out = append(out, r.Ref)
		}
	})
	return out
}

// Walk calls fn for e and every node below it, parents first.
func Walk(e Expr, fn func(Expr)) {
	if e == nil {
		return
	}
	fn(e)
	switch n := e.(type) {
	case *Not:
		Walk(n.X, fn)
	case *Binary:
		Walk(n.X, fn)
		Walk(n.Y, fn)
	case *Call:
		for _, a := range n.Args {
			Walk(a, fn)
		}
	}
}

// And joins conditions with &&, skipping nils; it returns nil when all are nil.
func And(es ...Expr) Expr {
	var out Expr
	for _, e := range es {
		if e == nil {
			continue
		}
		if out == nil {
			out = e
			continue
		}
		out = &Binary{Op: "&&", X: out, Y: e, Rng: out.Range()}
	}
	return out
}

// Or joins conditions with ||, skipping nils.
func Or(es ...Expr) Expr {
	var out Expr
	for _, e := range es {
		if e == nil {
			continue
		}
		if out == nil {
			out = e
			continue
		}
		out = &Binary{Op: "||", X: out, Y: e, Rng: out.Range()}
	}
	return out
}

// RefAndLiteral splits a comparison of a reference with a literal, in either order, into
// the reference and the literal's text ("3.10" as written, "true").
func RefAndLiteral(n *Binary) (*Ref, string, bool) {
	for _, pair := range [][2]Expr{{n.X, n.Y}, {n.Y, n.X}} {
		r, ok := pair[0].(*RefExpr)
		if !ok {
			continue
		}
		switch l := pair[1].(type) {
		case *StringLit:
			return r.Ref, l.Value, true
		case *NumberLit:
			return r.Ref, l.Text, true
		case *BoolLit:
			return r.Ref, strconv.FormatBool(l.Value), true
		}
	}
	return nil, "", false
}

// Conjuncts lists the operands of a chain of &&; nil has none.
func Conjuncts(x Expr) []Expr {
	if b, ok := x.(*Binary); ok && b.Op == "&&" {
		return append(Conjuncts(b.X), Conjuncts(b.Y)...)
	}
	if x == nil {
		return nil
	}
	return []Expr{x}
}

// Filter keeps the conjuncts of x that keep accepts, dropping repeats, and joins them
// with && again (nil when none is left).
func Filter(x Expr, keep func(Expr) bool) Expr {
	// Repeats are found by their text, which costs a String per conjunct: the back ends
	// filter every job's condition, and most keep one conjunct, which cannot repeat, so
	// the texts are only made from the second one kept on.
	// The texts are a set: a job's condition holds those of every job before it in a chain
	// of needs, and a search of a list for each made a chain's conditions cubic in its
	// length.
	var out, first Expr
	var texts map[string]bool // of the conjuncts kept, once there are two
	for _, c := range Conjuncts(x) {
		if !keep(c) {
			continue
		}
		if first != nil {
			if texts == nil {
				texts = map[string]bool{first.String(): true}
			}
			t := c.String()
			if texts[t] {
				continue
			}
			texts[t] = true
		} else {
			first = c
		}
		out = And(out, c)
	}
	return out
}

// Reads reports whether x references anything under root ("stage", "matrix", ...).
func Reads(x Expr, root string) bool {
	for _, r := range Refs(x) {
		if r.Root() == root {
			return true
		}
	}
	return false
}
