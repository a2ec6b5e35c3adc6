package azure

import (
	"fmt"
	"strings"

	"github.com/pipec-dev/pipec/compile/expr"
)

// condition renders a stage's `condition:`. A custom condition replaces Azure's implicit
// succeeded(), so every condition starts with it: a `when` still waits for the needs to
// succeed. Conjuncts that test matrix values were decided per leg (see legsFor); the rest
// becomes an Azure expression. Empty means Azure's default (succeeded()).
func (e *emitter) condition(s *astage) string {
	rest := expr.Filter(s.first().When, func(c expr.Expr) bool { return !expr.Reads(c, "matrix") })
	if rest == nil {
		return ""
	}
	parts := []string{"succeeded()"}
	for _, c := range expr.Conjuncts(rest) {
		parts = append(parts, e.cond(c, s))
	}
	return "and(" + strings.Join(parts, ", ") + ")"
}

// legsFor keeps the matrix legs whose matrix conjuncts hold: Azure decides conditions
// per job, and pipec knows each leg's values, so a leg that never runs is not written.
func (e *emitter) legsFor(s *astage) []leg {
	tests, mixed := expr.MatrixTests(s.first().When)
	if mixed != nil {
		e.errorf(mixed.Range(), "unsupported-condition", "Azure decides a stage's condition for all matrix legs at once; pipec drops the legs a matrix test excludes, which works only when each part joined by && reads matrix values alone or none: split the condition that way, or, where one comparison reads both (stage.a.outputs.v == matrix.v), compare them in the steps' scripts instead", "this condition mixes matrix values with other values")
		return s.legs
	}
	if len(tests) == 0 {
		return s.legs
	}
	// Some leg passes: the compiler refuses a condition no cell passes (never-runs).
	var out []leg
	for _, l := range s.legs {
		if expr.MatrixPasses(tests, l.cell.Get) {
			out = append(out, l)
		}
	}
	return out
}

// refPrefix is what Azure's variable holds before the value a spec compares: ci.tag is
// tested against the full ref ("refs/tags/" + the spec's literal), which is exact and
// shorter than the tag's value (tagExpr).
var refPrefix = map[string]string{"ci.tag": "refs/tags/"}

// sourceRef is the ref Azure built: refs/heads/..., refs/tags/..., or a pull request's
// merge ref.
const sourceRef = "variables['Build.SourceBranch']"

// headRef is the head branch on a pull request (Azure writes it with refs/heads/ for
// Azure Repos, without for GitHub), else the ref built, without refs/heads/.
const headRef = "replace(coalesce(variables['System.PullRequest.SourceBranch'], " + sourceRef + "), 'refs/heads/', '')"

// branchExpr is ci.branch: the head branch of a pull request, else the pushed branch, and
// empty on a tag push. Azure's variables hold the tag's full ref there, which a prefix,
// a suffix, a bare test or another value could match, so any other ref is ”.
const branchExpr = "iif(startsWith(" + headRef + ", 'refs/'), '', " + headRef + ")"

// tagExpr is ci.tag: the pushed tag's name, empty for any other ref.
const tagExpr = "iif(startsWith(" + sourceRef + ", 'refs/tags/'), replace(" + sourceRef + ", 'refs/tags/', ''), '')"

// cond renders a condition tree as an Azure expression.
func (e *emitter) cond(x expr.Expr, s *astage) string {
	switch n := x.(type) {
	case *expr.Binary:
		switch n.Op {
		case "&&", "||":
			fn := map[string]string{"&&": "and", "||": "or"}[n.Op]
			var args []string
			for _, a := range flatten(n, n.Op) {
				args = append(args, e.cond(a, s))
			}
			return fn + "(" + strings.Join(args, ", ") + ")"
		}
		out := e.compare(n, s)
		return out
	case *expr.Not:
		return "not(" + e.cond(n.X, s) + ")"
	case *expr.Call:
		return e.call(n, s)
	case *expr.BoolLit:
		return fmt.Sprint(n.Value)
	case *expr.RefExpr:
		v := e.value(n, s)
		return "and(ne(" + v + ", ''), ne(" + v + ", 'false'))"
	}
	return "and(ne(" + e.value(x, s) + ", ''), ne(" + e.value(x, s) + ", 'false'))"
}

// flatten lists the operands of a chain of one operator.
func flatten(x expr.Expr, op string) []expr.Expr {
	if b, ok := x.(*expr.Binary); ok && b.Op == op {
		return append(flatten(b.X, op), flatten(b.Y, op)...)
	}
	return []expr.Expr{x}
}

var reasons = map[string]string{
	"push":         "in(variables['Build.Reason'], 'IndividualCI', 'BatchedCI')",
	"pull_request": "eq(variables['Build.Reason'], 'PullRequest')",
	"schedule":     "eq(variables['Build.Reason'], 'Schedule')",
	"manual":       "eq(variables['Build.Reason'], 'Manual')",
}

// compare renders == and !=. Azure compares strings without case, as GitHub does.
func (e *emitter) compare(b *expr.Binary, s *astage) string {
	neg := func(c string) string {
		if b.Op == "!=" {
			return "not(" + c + ")"
		}
		return c
	}
	for _, pair := range [][2]expr.Expr{{b.X, b.Y}, {b.Y, b.X}} {
		r, ok := pair[0].(*expr.RefExpr)
		lit, ok2 := pair[1].(*expr.StringLit)
		if !ok || !ok2 {
			continue
		}
		name := r.Ref.String()
		if name == "ci.event" {
			return neg(reasons[lit.Value])
		}
		if p, ok := refPrefix[name]; ok {
			if lit.Value == "" {
				return neg("not(startsWith(" + sourceRef + ", " + quote(p) + "))")
			}
			return neg("eq(" + sourceRef + ", " + quote(p+lit.Value) + ")")
		}
	}
	fn := map[string]string{"==": "eq", "!=": "ne"}[b.Op]
	return fn + "(" + e.operand(b.X, s) + ", " + e.operand(b.Y, s) + ")"
}

// operand renders a compared value.
func (e *emitter) operand(x expr.Expr, s *astage) string { return e.value(x, s) }

// call renders startswith and matches. Azure expressions have no glob or regex matching:
// matches accepts the globs that reduce to equality, a prefix or a suffix, as on GitHub.
func (e *emitter) call(n *expr.Call, s *astage) string {
	lit := n.Args[1].(*expr.StringLit).Value
	arg := e.value(n.Args[0], s)
	prefix := ""
	if r, ok := n.Args[0].(*expr.RefExpr); ok {
		if p, ok := refPrefix[r.Ref.String()]; ok {
			// Tested on the full ref: a pattern matches only refs of its kind.
			arg, prefix = sourceRef, p
		}
	}
	if n.Func == "startswith" {
		return "startsWith(" + arg + ", " + quote(prefix+lit) + ")"
	}
	neg := strings.HasPrefix(lit, "!")
	g := strings.TrimPrefix(lit, "!")
	wrap := func(c string) string {
		if neg {
			return "not(" + c + ")"
		}
		return c
	}
	const wild = "*?[]"
	switch {
	case !strings.ContainsAny(g, wild):
		return wrap("eq(" + arg + ", " + quote(prefix+g) + ")")
	case strings.HasSuffix(g, "**") && !strings.ContainsAny(strings.TrimSuffix(g, "**"), wild):
		return wrap("startsWith(" + arg + ", " + quote(prefix+strings.TrimSuffix(g, "**")) + ")")
	case strings.HasSuffix(g, "*") && !strings.ContainsAny(strings.TrimSuffix(g, "*"), wild):
		// A prefix test: it also accepts names with a further '/', as on GitHub.
		return wrap("startsWith(" + arg + ", " + quote(prefix+strings.TrimSuffix(g, "*")) + ")")
	case strings.HasPrefix(g, "**") && !strings.ContainsAny(strings.TrimPrefix(g, "**"), wild):
		c := "endsWith(" + arg + ", " + quote(strings.TrimPrefix(g, "**")) + ")"
		if prefix != "" {
			c = "and(startsWith(" + arg + ", " + quote(prefix) + "), " + c + ")"
		}
		return wrap(c)
	}
	e.errorf(n.Args[1].Range(), "unsupported-glob", "Azure expressions can test equality, a prefix (\"release/**\", \"v*\") or a suffix (\"**-hotfix\"); simplify the pattern", "pattern %q cannot be decided in an Azure condition", lit)
	return "false"
}

// ciExprs are ci values as Azure runtime expressions.
var ciExprs = map[string]string{
	"commit_sha": "variables['Build.SourceVersion']",
	"ref":        sourceRef,
	"branch":     branchExpr,
	"tag":        tagExpr,
	"pr_number":  "variables['System.PullRequest.PullRequestNumber']",
	"run_id":     "variables['Build.BuildId']",
	"run_number": "variables['Build.BuildNumber']",
	"repository": "variables['Build.Repository.Name']",
	"actor":      "variables['Build.RequestedFor']",
	"workspace":  "variables['Build.SourcesDirectory']",
	"run_url":    "format('{0}{1}/_build/results?buildId={2}', variables['System.CollectionUri'], variables['System.TeamProject'], variables['Build.BuildId'])",
}

// noExprHints say what to write instead of a ci value that has no Azure expression.
var noExprHints = map[string]string{
	"short_sha": "Azure expressions cannot cut a SHA; compare ci.commit_sha with startswith() instead",
	"event":     `Azure knows events as Build.Reason values, which pipec maps only in a comparison with an event name: ci.event == "push"`,
}

// value renders an operand of a condition.
func (e *emitter) value(x expr.Expr, s *astage) string {
	switch n := x.(type) {
	case *expr.StringLit:
		return quote(n.Value)
	case *expr.NumberLit:
		return quote(n.Text)
	case *expr.BoolLit:
		return quote(fmt.Sprint(n.Value))
	case *expr.RefExpr:
		r := n.Ref
		switch r.Root() {
		case "ci":
			if v, ok := ciExprs[r.Path[1]]; ok {
				if r.Path[1] == "actor" {
					// Azure has no login variable: a test against a login (a bot's,
					// a team member's) never holds there.
					e.warnOnce(r.Range, "actor-is-display-name", "Azure has no variable for the login of who started a run; ci.actor is Build.RequestedFor, a display name such as \"Jane Doe\" (or the name of a service), so compare it with that, or test the actor on the other targets only", "ci.actor is a display name on Azure, not a login")
				}
				return v
			}
			hint, ok := noExprHints[r.Path[1]]
			if !ok {
				hint = "Azure expressions cannot compute it; use it in a step's run or env"
			}
			e.errorf(r.Range, "unsupported-reference", hint, "%s cannot be used this way in when on Azure", r)
			return "''"
		case "input":
			return "variables['" + inputVar(r.Path[1]) + "']"
		case "stage":
			return e.outputExpr(r, s)
		}
	}
	return "(" + e.cond(x, s) + ")"
}

// outputExpr reads an upstream stage's output in a stage condition.
func (e *emitter) outputExpr(r *expr.Ref, s *astage) string {
	up := e.stageOf(r.Path[1])
	// Outputs travel percent-encoded (see encoded); the condition decodes them.
	return "replace(replace(dependencies." + up.name + ".outputs['" + up.outputPath(r.Path[3]) + "'], '%24', '$'), '%25', '%')"
}

// quote renders an Azure expression string literal.
func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
