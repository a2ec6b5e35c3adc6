package cue

import (
	"math/big"
	"strconv"
	"strings"

	"cuelang.org/go/cue"
	"cuelang.org/go/cue/ast"
	"cuelang.org/go/cue/token"

	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/lang/build"
)

// kind is the shape of a node.
type kind int

const (
	kBad    kind = iota // not a concrete value (CUE reports why)
	kNull               //
	kBool               //
	kNumber             // str holds the number as written where it can be read back
	kString             //
	kList               //
	kStruct             //
	kBytes              // a CUE byte string ('...', YAML's !!binary): no field takes one
)

// node is one evaluated value with where it was written: the decoder's view of a spec, the
// same for CUE, JSON and YAML.
type node struct {
	kind   kind
	path   string // CUE path, segments joined by pathSep: how CUE's errors name it
	str    string // a string's value; a number's text as written
	b      bool
	intVal string // a whole number's value in decimal (str may be 0x1F, 010, 1_000, 1.0, 1e3); "" for any other

	fields []*field
	elems  []*node
	rng    diag.Range // the value
	start  loc        // where the value's literal starts, to map a string's bytes
	// ref is the path, joined as path is, of the value a reference written here names
	// (runner: matrix.axes.os), "" for any other syntax: CUE resolves a reference to its
	// value, and some values mean another thing where they came from (see matrixRunner).
	ref string
}

// field is one field of a struct: its label and value.
type field struct {
	name    string
	nameRng diag.Range
	val     *node
}

const pathSep = "\x00"

// treeBuilder turns a cue.Value into nodes.
type treeBuilder struct {
	srcs  sources
	depth int
	// deep is where the first value nested deeper than build.MaxNesting is: values can
	// nest deeper than the syntax that wrote them (a chain of references), so the tree
	// is bounded too, and the value there is left out (kBad) with this as the reason.
	deep *diag.Range
	// at is where each value is written, by path: an error inside a definition is
	// shown with where the spec uses it (see decoder.enclosing).
	at map[string]diag.Range
	// incomplete holds the values that are neither concrete nor an error (image:
	// string, "10m" | "20m"), in the order met: CUE's Validate leaves them out of its
	// list when the spec has any other error (see decoder.incompletes).
	incomplete []cue.Value
	// definitions are the texts of the spec's definitions (decoder.definitions).
	definitions []diag.Range
}

func (tb *treeBuilder) node(v cue.Value, path string, expr ast.Node, fallback loc) *node {
	// A field with a default (image: *"golang:1.23" | string, the way a definition offers
	// one) is that default, as `cue export` gives it: the value itself is a disjunction,
	// whose kind is the default's but whose String, List and Fields fail.
	n := &node{path: path, ref: refPath(v, expr)}
	if dv, ok := v.Default(); ok {
		v = dv
	}
	a, b := tb.span(v, expr)
	if !a.ok {
		a = fallback
	}
	n.start = a
	n.rng = tb.srcs.rng(a, b)
	if !n.rng.IsZero() {
		if tb.at == nil {
			tb.at = map[string]diag.Range{}
		}
		tb.at[path] = n.rng
	}
	k, v := decodable(v)
	if k == cue.BottomKind {
		if v.Err() == nil {
			tb.incomplete = append(tb.incomplete, v)
		}
		return n
	}
	if tb.depth > build.MaxNesting {
		if tb.deep == nil {
			r := n.rng
			tb.deep = &r
		}
		return n
	}
	tb.depth++
	defer func() { tb.depth-- }()
	switch k {
	case cue.NullKind:
		n.kind = kNull
	case cue.BoolKind:
		n.kind = kBool
		n.b, _ = v.Bool()
	case cue.StringKind:
		n.kind = kString
		n.str, _ = v.String()
	case cue.BytesKind:
		n.kind = kBytes
	case cue.IntKind:
		n.kind = kNumber
		if i, err := v.Int(nil); err == nil {
			n.intVal = i.String()
		}
		n.str = tb.numberText(v, expr, a)
	case cue.FloatKind:
		n.kind = kNumber
		n.intVal = wholeFloat(v)
		n.str = tb.numberText(v, expr, a)
	case cue.ListKind:
		n.kind = kList
		it, err := listElems(v)
		if err != nil {
			return n
		}
		i := 0
		for it.Next() {
			ev := it.Value()
			n.elems = append(n.elems, tb.node(ev, path+pathSep+strconv.Itoa(i), sourceOf(ev), a))
			i++
		}
	case cue.StructKind:
		n.kind = kStruct
		it, err := v.Fields()
		if err != nil {
			return n
		}
		for it.Next() {
			fv := it.Value()
			name := it.Selector().Unquoted()
			f := &field{name: name}
			var valExpr ast.Node
			labelAt := tb.srcs.loc(fv.Pos())
			if af, ok := fv.Source().(*ast.Field); ok {
				var labelEnd loc
				labelAt, labelEnd = tb.srcs.withQuotes(tb.srcs.loc(af.Label.Pos()), tb.srcs.loc(af.Label.End()))
				f.nameRng = tb.srcs.rng(labelAt, labelEnd)
				valExpr = af.Value
			} else if af := tb.firstDecl(fv); af != nil {
				// A field written in several places (stage: b: needs: [...] and stage:
				// b: runner: ...), or also given by a pattern (stage: [string]: {...}),
				// has no one source: its name is where the spec first writes it, and so
				// is a struct (a block), whose fields come from all of them. Any other
				// value is where CUE says, at the concrete one.
				var labelEnd loc
				labelAt, labelEnd = tb.srcs.withQuotes(tb.srcs.loc(af.Label.Pos()), tb.srcs.loc(af.Label.End()))
				f.nameRng = tb.srcs.rng(labelAt, labelEnd)
				valExpr = sourceOf(fv)
				if fv.IncompleteKind() == cue.StructKind {
					valExpr = af.Value
				}
			} else {
				f.nameRng = tb.srcs.rng(labelAt, loc{})
				valExpr = sourceOf(fv)
			}
			f.val = tb.node(fv, joinPath(path, name), valExpr, labelAt)
			n.fields = append(n.fields, f)
		}
	}
	return n
}

// firstDecl is the first field of the spec's text that declares v (by CUE's order of
// v's conjuncts), outside the spec's definitions if it is written outside any: not a
// pattern ([string]: ...), which is no field's place, nor a template's field when the
// spec writes the field itself. nil when v has no such field.
func (tb *treeBuilder) firstDecl(v cue.Value) *ast.Field {
	_, conjuncts := v.Expr()
	var inDef *ast.Field
	for _, c := range conjuncts {
		af, ok := c.Source().(*ast.Field)
		if !ok {
			continue
		}
		if _, pattern := af.Label.(*ast.ListLit); pattern {
			continue
		}
		l := tb.srcs.loc(af.Label.Pos())
		if !l.ok {
			continue
		}
		if !within(tb.definitions, tb.srcs.rng(l, loc{})) {
			return af
		}
		if inDef == nil {
			inDef = af
		}
	}
	return inDef
}

// listElems iterates a list's elements, also those of a list holding an error, which
// has no List but whose Fields are its elements (see kindOf).
func listElems(v cue.Value) (*cue.Iterator, error) {
	if it, err := v.List(); err == nil {
		return &it, nil
	}
	return v.Fields()
}

// wholeFloat is a float's value in decimal when it is a whole number (1.0, 1e3, 10.00):
// JSON and YAML have one kind of number, and JSON Schema's "integer" is any number
// without a fraction, so such a float is read as the whole number it is. "" otherwise.
func wholeFloat(v cue.Value) string {
	mant := new(big.Int)
	exp, err := v.MantExp(mant)
	if err != nil || exp > 20 || exp < -400 {
		return ""
	}
	ten := big.NewInt(10)
	if exp >= 0 {
		return mant.Mul(mant, new(big.Int).Exp(ten, big.NewInt(int64(exp)), nil)).String()
	}
	q, r := new(big.Int).QuoRem(mant, new(big.Int).Exp(ten, big.NewInt(int64(-exp)), nil), new(big.Int))
	if r.Sign() != 0 {
		return ""
	}
	return q.String()
}

// refPath is the path of the value a reference written as expr names, "" when expr is
// no reference. Only a reference's syntax asks CUE, which keeps building the tree cheap.
func refPath(v cue.Value, expr ast.Node) string {
	switch expr.(type) {
	case *ast.Ident, *ast.SelectorExpr, *ast.IndexExpr:
	default:
		return ""
	}
	_, p := v.ReferencePath()
	var out string
	for _, sel := range p.Selectors() {
		name := sel.String() // a list index (matrix.axes.os[0]), a definition
		if sel.LabelType() == cue.StringLabel && sel.ConstraintType() < cue.PatternConstraint {
			name = sel.Unquoted() // Unquoted panics on any other selector
		}
		out = joinPath(out, name)
	}
	return out
}

func joinPath(path, name string) string {
	if path == "" {
		return name
	}
	return path + pathSep + name
}

// sourceOf is a value's own syntax node, unless it is a field (whose label is not the
// value).
func sourceOf(v cue.Value) ast.Node {
	src := v.Source()
	if f, ok := src.(*ast.Field); ok {
		return f.Value
	}
	return src
}

// span is where a value's syntax starts and ends.
func (tb *treeBuilder) span(v cue.Value, expr ast.Node) (loc, loc) {
	if expr != nil && expr.Pos().IsValid() {
		end := expr.End()
		if _, isField := expr.(*ast.Field); isField {
			end = token.NoPos
		}
		return tb.srcs.loc(expr.Pos()), tb.srcs.loc(end)
	}
	return tb.srcs.loc(v.Pos()), loc{}
}

// numberText keeps a number as written ("3.10" stays "3.10", "010" stays "010", as in
// HCL) when its literal is at hand, and CUE's rendering otherwise. A YAML number is read
// from the file: CUE's YAML decoder rewrites some (010 becomes 0o10, +5 a unary
// expression) before its literal is seen here.
func (tb *treeBuilder) numberText(v cue.Value, expr ast.Node, at loc) string {
	if s := tb.srcs[at.file]; at.ok && s != nil && s.charColumns {
		if text := yamlNumber(s.src, at.off); text != "" {
			return text
		}
	}
	if lit, ok := expr.(*ast.BasicLit); ok && (lit.Kind == token.FLOAT || lit.Kind == token.INT) {
		return lit.Value
	}
	if i, err := v.Int(nil); err == nil {
		return i.String()
	}
	// A value from elsewhere (V: _version, a definition's default) keeps its decimal
	// digits as cue export writes it: 3.10, not the float 3.1.
	if b, err := v.MarshalJSON(); err == nil && v.Kind() == cue.FloatKind {
		return string(b)
	}
	if f, err := v.Float64(); err == nil {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	return ""
}

// yamlNumber is the plain scalar at off when it is written as a number: a sign or digit
// or '.', then letters, digits, '_', '.', '+', '-' up to a blank, a line's end, a comment
// or a flow list's or map's punctuation. "" for anything else (a tagged or quoted value).
func yamlNumber(src []byte, off int) string {
	if off < 0 || off >= len(src) {
		return ""
	}
	if c := src[off]; c != '+' && c != '-' && c != '.' && (c < '0' || c > '9') {
		return ""
	}
	end := off
	for end < len(src) && isNumberByte(src[end]) {
		end++
	}
	if end < len(src) && !strings.ContainsRune(" \t\r\n,]}#", rune(src[end])) {
		return ""
	}
	return string(src[off:end])
}

func isNumberByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '.' || c == '+' || c == '-'
}
