package expr

import (
	"fmt"
	"strings"
)

// MatrixHolds decides a condition over matrix values and literals for one matrix cell,
// whose values value looks up. The compiler decides with it whether any cell of a matrix
// can run, and the back ends whose platforms cannot test a matrix value in a job's
// condition (GitHub's job `if`, Azure's stage condition) write only the cells that pass.
func MatrixHolds(x Expr, value func(key string) (string, bool)) bool {
	str := func(x Expr) string {
		switch n := x.(type) {
		case *RefExpr:
			v, _ := value(n.Ref.Path[1])
			return v
		case *StringLit:
			return n.Value
		case *NumberLit:
			return n.Text
		case *BoolLit:
			return fmt.Sprint(n.Value)
		}
		return ""
	}
	switch n := x.(type) {
	case *Not:
		return !MatrixHolds(n.X, value)
	case *Binary:
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
	case *Call:
		s, lit := str(n.Args[0]), n.Args[1].(*StringLit).Value
		if n.Func == "startswith" {
			return strings.HasPrefix(s, lit)
		}
		ok, _ := GlobMatch(strings.TrimPrefix(lit, "!"), s)
		return ok != strings.HasPrefix(lit, "!")
	case *BoolLit:
		return n.Value
	case *RefExpr:
		v := str(n)
		return v != "" && v != "false"
	}
	return false
}

// MatrixTests splits a condition's matrix conjuncts from the rest: tests are the
// conjuncts that read matrix values and nothing else; mixed is the first conjunct that
// reads matrix values together with other values (nil when none does).
func MatrixTests(when Expr) (tests []Expr, mixed Expr) {
	for _, c := range Conjuncts(when) {
		if !Reads(c, "matrix") {
			continue
		}
		if matrixOnly(c) {
			tests = append(tests, c)
		} else if mixed == nil {
			mixed = c
		}
	}
	return tests, mixed
}

// matrixOnly reports whether every reference x reads is a matrix value.
func matrixOnly(x Expr) bool {
	for _, r := range Refs(x) {
		if r.Root() != "matrix" {
			return false
		}
	}
	return true
}

// MatrixPasses reports whether a cell, whose values value looks up, passes every test.
func MatrixPasses(tests []Expr, value func(key string) (string, bool)) bool {
	for _, t := range tests {
		if !MatrixHolds(t, value) {
			return false
		}
	}
	return true
}
