package circleci

import (
	"fmt"
	"strings"

	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/expr"
	"github.com/pipec-dev/pipec/compile/model"
)

// eventNames maps ci.event values to CircleCI's pipeline.event.name. A manual run is an
// API-triggered pipeline (the web app's "Trigger pipeline" uses the API).
var eventNames = map[string]string{
	"push":         "push",
	"pull_request": "pull_request",
	"schedule":     "schedule",
	"manual":       "api",
}

// pipelineValue is the pipeline value a reference reads in filters and `when`.
func pipelineValue(r *expr.Ref) (string, bool) {
	switch r.Root() {
	case "ci":
		switch r.Path[1] {
		case "branch":
			return "pipeline.git.branch", true
		case "tag":
			return "pipeline.git.tag", true
		case "event":
			return "pipeline.event.name", true
		}
	case "input":
		return "pipeline.parameters." + r.Path[1], true
	}
	return "", false
}

// staticOK reports whether CircleCI can decide a condition when it creates the pipeline:
// it reads only pipeline values (branch, tag, event, ref) and pipeline parameters, with
// literals it can write.
func staticOK(x expr.Expr) bool {
	ok := true
	expr.Walk(x, func(n expr.Expr) {
		switch v := n.(type) {
		case *expr.RefExpr:
			if _, known := pipelineValue(v.Ref); !known && v.Ref.String() != "ci.ref" {
				ok = false
			}
		case *expr.StringLit:
			if !literalOK(v.Value) {
				ok = false
			}
		case *expr.Call:
			r, isRef := v.Args[0].(*expr.RefExpr)
			if !isRef {
				ok = false
			} else if r.Ref.String() == "ci.ref" {
				_, _, known := splitRef(strings.TrimPrefix(v.Args[1].(*expr.StringLit).Value, "!"))
				ok = ok && known
			}
		case *expr.Binary:
			if v.Op == "==" || v.Op == "!=" {
				r, lit, isCmp := expr.RefAndLiteral(v)
				if !isCmp {
					ok = false
				} else if r.String() == "ci.ref" {
					_, _, known := splitRef(lit)
					ok = ok && known
				}
			}
		}
	})
	return ok
}

// literalOK reports a string CircleCI's expression strings can hold without escapes.
func literalOK(s string) bool {
	for _, r := range s {
		if r == '"' || r == '\\' || r < 0x20 || r == 0x7f {
			return false
		}
	}
	return true
}

// splitRef maps refs/heads/X and refs/tags/X to the pipeline value holding X.
func splitRef(ref string) (string, string, bool) {
	switch {
	case strings.HasPrefix(ref, "refs/heads/"):
		return "pipeline.git.branch", strings.TrimPrefix(ref, "refs/heads/"), true
	case strings.HasPrefix(ref, "refs/tags/"):
		return "pipeline.git.tag", strings.TrimPrefix(ref, "refs/tags/"), true
	}
	return "", "", false
}

// filter renders a condition as a CircleCI expression string (job `filters`, workflow
// `when`): and, or, not, ==, !=, starts-with, matches /regex/.
func (e *emitter) filter(x expr.Expr, j *cjob) string {
	switch n := x.(type) {
	case *expr.Not:
		return "not " + parenthesized(e.filter(n.X, j))
	case *expr.Binary:
		switch n.Op {
		case "&&", "||":
			op := map[string]string{"&&": "and", "||": "or"}[n.Op]
			return e.filterOperand(n.X, j) + " " + op + " " + e.filterOperand(n.Y, j)
		}
		return e.compare(n)
	case *expr.Call:
		r := n.Args[0].(*expr.RefExpr).Ref
		lit := n.Args[1].(*expr.StringLit).Value
		v, _ := pipelineValue(r)
		if r.String() == "ci.ref" {
			neg := strings.HasPrefix(lit, "!")
			v, rest, ok := splitRef(strings.TrimPrefix(lit, "!"))
			if !ok {
				return e.unsupported(n.Rng, "ci.ref")
			}
			s := e.pushed(v, callFilter(n.Func, v, rest))
			if neg {
				return "not (" + s + ")"
			}
			return s
		}
		return callFilter(n.Func, v, lit)
	case *expr.RefExpr:
		v, ok := pipelineValue(n.Ref)
		if !ok {
			return e.unsupported(n.Ref.Range, n.Ref.String())
		}
		if e.inputType(n.Ref) == model.InputBoolean {
			return v
		}
		return fmt.Sprintf(`(%s != "" and %s != "false")`, v, v)
	case *expr.BoolLit:
		return fmt.Sprint(n.Value)
	}
	return e.unsupported(x.Range(), x.String())
}

func (e *emitter) filterOperand(x expr.Expr, j *cjob) string {
	s := e.filter(x, j)
	if b, ok := x.(*expr.Binary); ok && (b.Op == "&&" || b.Op == "||") {
		return "(" + s + ")"
	}
	return s
}

// parenthesized puts an operand of not in parentheses unless it is one word or one group
// already: CircleCI's documentation gives no precedence between not and the comparisons,
// so `not X matches /re/` might read as `(not X) matches /re/`.
func parenthesized(s string) string {
	if !strings.ContainsAny(s, " \t") || strings.HasPrefix(s, "(") && closesAt(s) == len(s)-1 {
		return s
	}
	return "(" + s + ")"
}

// closesAt is the index of the parenthesis that closes the one s starts with, skipping
// quoted strings and /regex/ literals (either may hold parentheses); -1 when none does.
func closesAt(s string) int {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '/' && strings.HasSuffix(s[:i], "matches "):
			for i++; i < len(s) && s[i] != c; i++ {
				if s[i] == '\\' {
					i++
				}
			}
		case c == '(':
			depth++
		case c == ')':
			if depth--; depth == 0 {
				return i
			}
		}
	}
	return -1
}

func (e *emitter) unsupported(rng diag.Range, what string) string {
	e.errorf(rng, "unsupported-condition", "CircleCI decides filters from pipeline values (branch, tag, event) and pipeline parameters", "%s cannot be tested in a CircleCI filter", what)
	return "false"
}

// compare renders `ref == "lit"` or `ref != "lit"`.
func (e *emitter) compare(n *expr.Binary) string {
	r, lit, _ := expr.RefAndLiteral(n)
	v, _ := pipelineValue(r)
	switch r.String() {
	case "ci.event":
		lit = eventNames[lit]
	case "ci.ref":
		v, lit, _ = splitRef(lit)
		if eq := fmt.Sprintf("%s == %s", v, quote(lit)); n.Op == "==" {
			return e.pushed(v, eq)
		} else if p := e.pushed(v, eq); p != eq {
			return "not " + parenthesized(p)
		}
	}
	val := quote(lit)
	if r.Root() == "input" {
		switch e.inputType(r) {
		case model.InputBoolean:
			if lit == "true" || lit == "false" {
				val = lit
			}
		case model.InputNumber:
			if isInteger(lit) {
				val = lit
			}
		}
	}
	return fmt.Sprintf("%s %s %s", v, n.Op, val)
}

// callFilter renders startswith(value, lit) or matches(value, lit).
func callFilter(fn, v, lit string) string {
	if fn == "startswith" {
		if lit == "" {
			return v + ` != ""`
		}
		return fmt.Sprintf("%s starts-with %s", v, quote(lit))
	}
	return globFilter(v, lit)
}

// pushed narrows a test of ci.ref against refs/heads/... to pushes. ci.ref is the ref that
// was pushed; CircleCI has no such value, and in a pull-request pipeline
// pipeline.git.branch is the PR's head branch, which its author names. Projects without
// the GitHub App leave pipeline.event.name empty, so the test keeps their pushes.
func (e *emitter) pushed(v, test string) string {
	t := e.plan.Pipeline.On
	if v != "pipeline.git.branch" || t == nil || t.PullRequest == nil || e.pushOnly {
		return test
	}
	return "(" + test + ` and pipeline.event.name != "pull_request")`
}

// globFilter renders matches(value, glob). Globs that are a name, or a name followed by
// **, become == and starts-with; the others (a trailing * too, which stops at a '/'), and those whose
// text a CircleCI string cannot hold (git allows '"' in a branch name), a full-match
// regular expression.
func globFilter(v, g string) string {
	neg := strings.HasPrefix(g, "!")
	g = strings.TrimPrefix(g, "!")
	var s string
	switch {
	case !literalOK(g):
		s = fmt.Sprintf("%s matches /^%s$/", v, strings.ReplaceAll(expr.GlobRegexp(g), "/", `\/`))
	case !strings.ContainsAny(g, "*?["):
		s = fmt.Sprintf("%s == %s", v, quote(g))
	case strings.HasSuffix(g, "**") && !strings.ContainsAny(g[:len(g)-2], "*?["):
		s = fmt.Sprintf("%s starts-with %s", v, quote(g[:len(g)-2]))
	default:
		s = fmt.Sprintf("%s matches /^%s$/", v, strings.ReplaceAll(expr.GlobRegexp(g), "/", `\/`))
	}
	if neg {
		return "not (" + s + ")"
	}
	return s
}

func quote(s string) string { return `"` + s + `"` }

// inputType is the declared type of the input a reference reads ("" when not an input).
func (e *emitter) inputType(r *expr.Ref) string {
	if r.Root() != "input" || e.plan.Pipeline.On == nil || e.plan.Pipeline.On.Manual == nil {
		return ""
	}
	for _, in := range e.plan.Pipeline.On.Manual.Inputs {
		if in.Name == r.Path[1] {
			if in.Type.Value == "" {
				return model.InputString
			}
			return in.Type.Value
		}
	}
	return ""
}

// valueOf renders references for shell tests in job j.
func (e *emitter) valueOf(j *cjob) func(*expr.Ref) string {
	return func(r *expr.Ref) string { return e.shellValue(r, j) }
}

// isInteger reports whether lit is written as a whole number, -?[0-9]+: how CircleCI's
// number parameters compare with a literal.
func isInteger(lit string) bool {
	digits := strings.TrimPrefix(lit, "-")
	if digits == "" {
		return false
	}
	for i := 0; i < len(digits); i++ {
		if digits[i] < '0' || digits[i] > '9' {
			return false
		}
	}
	return true
}
