package github

import (
	"strings"

	"github.com/pipec-dev/pipec/compile"
	"github.com/pipec-dev/pipec/compile/expr"
)

// cond renders a condition tree as a GitHub expression. GitHub keeps its implicit
// success() when an `if` calls no status function, so a `when` still waits for needs.
func (e *emitter) cond(x expr.Expr, j *compile.Job) string {
	switch n := x.(type) {
	case *expr.Binary:
		switch n.Op {
		case "&&", "||":
			return e.operand(n.X, n.Op, j) + " " + n.Op + " " + e.operand(n.Y, n.Op, j)
		default:
			if s, ok := e.eventCompare(n); ok {
				return s
			}
			return e.value(n.X, j) + " " + n.Op + " " + e.value(n.Y, j)
		}
	case *expr.Not:
		return "!" + e.operand(n.X, "!", j)
	case *expr.Call:
		arg := e.value(n.Args[0], j)
		lit := n.Args[1].(*expr.StringLit).Value
		if n.Func == "startswith" {
			return "startsWith(" + arg + ", " + quote(lit) + ")"
		}
		return e.globCond(arg, lit, n)
	case *expr.RefExpr:
		return e.truth(n, j)
	default:
		return e.value(x, j)
	}
}

// truth renders a reference tested on its own. pipec holds a value true when it is
// neither empty nor "false", as the other targets test it; GitHub holds every non-empty
// string true, "false" included, so a stage output or matrix value of "false" would
// run the job. A boolean input is a boolean on GitHub already. A number input is a
// number there, which GitHub compares with the empty string as numbers (0 equals it):
// its text is tested instead, so 0 holds, as "0" does on the other targets.
func (e *emitter) truth(r *expr.RefExpr, j *compile.Job) string {
	v := e.value(r, j)
	switch e.inputType(r.Ref) {
	case "boolean":
		return v
	case "number":
		v = "format('{0}', " + v + ")"
	}
	return "(" + v + " != '' && " + v + " != 'false')"
}

// inputType is the type of the manual input r reads, or "" when r reads no input.
func (e *emitter) inputType(r *expr.Ref) string {
	on := e.plan.Pipeline.On
	if r.Root() != "input" || on == nil || on.Manual == nil {
		return ""
	}
	for _, in := range on.Manual.Inputs {
		if in.Name == r.Path[1] {
			return in.Type.Value
		}
	}
	return ""
}

// operand parenthesises a sub-expression whose operator binds differently.
func (e *emitter) operand(x expr.Expr, parent string, j *compile.Job) string {
	s := e.cond(x, j)
	if b, ok := x.(*expr.Binary); ok && (parent == "!" || (b.Op != parent && (b.Op == "&&" || b.Op == "||"))) {
		return "(" + s + ")"
	}
	return s
}

func (e *emitter) value(x expr.Expr, j *compile.Job) string {
	switch n := x.(type) {
	case *expr.RefExpr:
		if n.Ref.String() == "ci.short_sha" {
			e.errorf(n.Ref.Range, "unsupported-reference", "GitHub decides `if` before any step runs, and its expressions cannot shorten a SHA; compare ci.commit_sha with startswith() instead", "ci.short_sha cannot be used in when on GitHub")
			return "''"
		}
		return e.refExpr(n.Ref, j)
	case *expr.StringLit:
		return quote(n.Value)
	case *expr.BoolLit:
		if n.Value {
			return "true"
		}
		return "false"
	case *expr.NumberLit:
		// As text, the way the other targets compare it: GitHub compares a string with
		// a number as numbers, so an output of "10.0" would equal 10 and an empty one 0.
		// A number input is a number there, and equals the text of its own value.
		return quote(n.Text)
	}
	return "(" + e.cond(x, j) + ")"
}

// eventCompare maps `ci.event == "manual"` to GitHub's own event name.
func (e *emitter) eventCompare(b *expr.Binary) (string, bool) {
	for _, pair := range [][2]expr.Expr{{b.X, b.Y}, {b.Y, b.X}} {
		r, ok := pair[0].(*expr.RefExpr)
		lit, ok2 := pair[1].(*expr.StringLit)
		if ok && ok2 && r.Ref.String() == "ci.event" {
			return "github.event_name " + b.Op + " " + quote(eventNames[lit.Value]), true
		}
	}
	return "", false
}

// globCond renders matches(s, glob). GitHub expressions have no glob or regex matching,
// so only the shapes that reduce to equality, prefix or suffix tests are accepted.
func (e *emitter) globCond(arg, glob string, call *expr.Call) string {
	neg := strings.HasPrefix(glob, "!")
	g := strings.TrimPrefix(glob, "!")
	wrap := func(s string) string {
		if neg {
			return "!" + s
		}
		return s
	}
	const wild = "*?[]"
	switch {
	case g == "*":
		return wrap("!contains(" + arg + ", '/')")
	case !strings.ContainsAny(g, wild):
		return wrap(arg + " == " + quote(g))
	case strings.HasSuffix(g, "**") && !strings.ContainsAny(strings.TrimSuffix(g, "**"), wild):
		return wrap("startsWith(" + arg + ", " + quote(strings.TrimSuffix(g, "**")) + ")")
	case strings.HasSuffix(g, "*") && !strings.ContainsAny(strings.TrimSuffix(g, "*"), wild):
		// A prefix test: it also accepts names with a further '/' ("release/a/b" for
		// "release/*"), which the platform's own branch filters would not. Documented.
		return wrap("startsWith(" + arg + ", " + quote(strings.TrimSuffix(g, "*")) + ")")
	case strings.HasPrefix(g, "**") && !strings.ContainsAny(strings.TrimPrefix(g, "**"), wild):
		return wrap("endsWith(" + arg + ", " + quote(strings.TrimPrefix(g, "**")) + ")")
	}
	e.errorf(call.Args[1].Range(), "unsupported-glob", "GitHub expressions can test equality, a prefix (\"release/**\", \"v*\") or a suffix (\"**-hotfix\"); simplify the pattern", "pattern %q cannot be decided in a GitHub condition", glob)
	return "false"
}
