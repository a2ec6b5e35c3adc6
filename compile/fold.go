package compile

import (
	"github.com/pipec-dev/pipec/compile/expr"
)

// fold simplifies a condition's constant parts: `true && x` is x, `!false` is true,
// `"a" == "a"` is true. Platforms' linters reject constant conditions, and a condition
// that is always false means a stage that can never run.
func fold(e expr.Expr) expr.Expr {
	switch n := e.(type) {
	case *expr.Not:
		x := fold(n.X)
		if b, ok := x.(*expr.BoolLit); ok {
			return &expr.BoolLit{Value: !b.Value, Rng: n.Rng}
		}
		if inner, ok := x.(*expr.Not); ok {
			return inner.X
		}
		return &expr.Not{X: x, Rng: n.Rng}
	case *expr.Binary:
		x, y := fold(n.X), fold(n.Y)
		bx, xConst := x.(*expr.BoolLit)
		by, yConst := y.(*expr.BoolLit)
		switch n.Op {
		case "&&":
			switch {
			case xConst && !bx.Value, yConst && !by.Value:
				return &expr.BoolLit{Value: false, Rng: n.Rng}
			case xConst:
				return y
			case yConst:
				return x
			}
		case "||":
			switch {
			case xConst && bx.Value, yConst && by.Value:
				return &expr.BoolLit{Value: true, Rng: n.Rng}
			case xConst:
				return y
			case yConst:
				return x
			}
		case "==", "!=":
			if lx, ly, ok := literals(x, y); ok {
				return &expr.BoolLit{Value: (lx == ly) == (n.Op == "=="), Rng: n.Rng}
			}
		}
		return &expr.Binary{Op: n.Op, X: x, Y: y, Rng: n.Rng}
	case *expr.Call:
		args := make([]expr.Expr, len(n.Args))
		for i, a := range n.Args {
			args[i] = fold(a)
		}
		if lit, ok := args[1].(*expr.StringLit); ok && n.Func == "matches" && (lit.Value == "**" || lit.Value == "!**") {
			return &expr.BoolLit{Value: lit.Value == "**", Rng: n.Rng}
		}
		if lit, ok := args[1].(*expr.StringLit); ok && n.Func == "startswith" && lit.Value == "" {
			return &expr.BoolLit{Value: true, Rng: n.Rng}
		}
		return &expr.Call{Func: n.Func, Args: args, Rng: n.Rng, NameRng: n.NameRng}
	}
	return e
}

// literals returns two literal operands as comparable text.
func literals(x, y expr.Expr) (string, string, bool) {
	text := func(e expr.Expr) (string, bool) {
		switch l := e.(type) {
		case *expr.StringLit:
			return "s:" + l.Value, true
		case *expr.NumberLit:
			return "n:" + l.Text, true
		case *expr.BoolLit:
			if l.Value {
				return "b:true", true
			}
			return "b:false", true
		}
		return "", false
	}
	a, ok1 := text(x)
	b, ok2 := text(y)
	return a, b, ok1 && ok2
}
