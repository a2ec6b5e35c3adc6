package cue

import (
	"strings"

	"cuelang.org/go/cue/ast"
	"cuelang.org/go/cue/ast/astutil"
	"cuelang.org/go/cue/literal"
	"cuelang.org/go/cue/token"
)

// repairYAMLNumbers mends the numbers CUE's YAML decoder turns into literals CUE cannot
// read, which failed the whole file with "illegal number start": a whole number too
// large for 64 bits (an ID of 20 digits) or one tagged !!float becomes "number & N",
// and .inf and .nan become "+Inf" and "NaN". The first is the number N, as in HCL and
// JSON, where CUE's numbers have no size limit; the others, which no CUE number can
// hold, are the text written (".inf"), as a string.
func (d *decoder) repairYAMLNumbers(f *ast.File) {
	s := d.srcs[f.Filename]
	astutil.Apply(f, func(c astutil.Cursor) bool {
		lit := badNumber(c.Node())
		if lit == nil {
			return true
		}
		if n, ok := strings.CutPrefix(lit.Value, "number & "); ok {
			var info literal.NumInfo
			if literal.ParseNum(n, &info) == nil {
				lit.Value, lit.Kind = n, token.FLOAT
				if info.IsInt() {
					lit.Kind = token.INT
				}
				return false
			}
		}
		text := lit.Value
		if at := d.srcs.loc(c.Node().Pos()); at.ok && s != nil {
			if t := yamlNumber(s.src, at.off); t != "" {
				text = t
			}
		}
		c.Replace(&ast.BasicLit{ValuePos: c.Node().Pos(), Kind: token.STRING, Value: literal.String.Quote(text)})
		return false
	}, nil)
}

// badNumber is the number literal of n (a literal or a negated one) when CUE cannot read
// it, else nil.
func badNumber(n ast.Node) *ast.BasicLit {
	if u, ok := n.(*ast.UnaryExpr); ok && u.Op == token.SUB {
		n = u.X
	}
	lit, ok := n.(*ast.BasicLit)
	if !ok || (lit.Kind != token.INT && lit.Kind != token.FLOAT) {
		return nil
	}
	var info literal.NumInfo
	if literal.ParseNum(lit.Value, &info) == nil {
		return nil
	}
	return lit
}
