package posix

import (
	"fmt"
	"strings"

	"github.com/pipec-dev/pipec/compile/expr"
)

// MatrixHolds decides a condition over matrix values and literals for one matrix cell,
// whose values value looks up. The back ends whose platforms cannot test a matrix value
// in a job's condition (GitHub's job `if`, Azure's stage condition) decide such tests
// when they compile, and write only the cells that pass.
func MatrixHolds(x expr.Expr, value func(key string) (string, bool)) bool {
	str := func(x expr.Expr) string {
		switch n := x.(type) {
		case *expr.RefExpr:
			v, _ := value(n.Ref.Path[1])
			return v
		case *expr.StringLit:
			return n.Value
		case *expr.NumberLit:
			return n.Text
		case *expr.BoolLit:
			return fmt.Sprint(n.Value)
		}
		return ""
	}
	switch n := x.(type) {
	case *expr.Not:
		return !MatrixHolds(n.X, value)
	case *expr.Binary:
		switch n.Op {
		case "&&":
			return MatrixHolds(n.X, value) && MatrixHolds(n.Y, value)
		case "||":
			return MatrixHolds(n.X, value) || MatrixHolds(n.Y, value)
		case "==":
			return str(n.X) == str(n.Y)
		case "!=":
			return str(n.X) != str(n.Y)
		}
	case *expr.Call:
		s, lit := str(n.Args[0]), n.Args[1].(*expr.StringLit).Value
		if n.Func == "startswith" {
			return strings.HasPrefix(s, lit)
		}
		ok, _ := GlobMatch(strings.TrimPrefix(lit, "!"), s)
		return ok != strings.HasPrefix(lit, "!")
	case *expr.BoolLit:
		return n.Value
	case *expr.RefExpr:
		v := str(n)
		return v != "" && v != "false"
	}
	return false
}

// MatrixTests splits a condition's matrix conjuncts from the rest: tests are the
// conjuncts that read matrix values and nothing else; mixed is the first conjunct that
// reads matrix values together with other values (nil when none does).
func MatrixTests(when expr.Expr) (tests []expr.Expr, mixed expr.Expr) {
	for _, c := range expr.Conjuncts(when) {
		if !expr.Reads(c, "matrix") {
			continue
		}
		for _, r := range expr.Refs(c) {
			if r.Root() != "matrix" {
				return nil, c
			}
		}
		tests = append(tests, c)
	}
	return tests, nil
}
