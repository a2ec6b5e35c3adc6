package gitlab

import (
	"fmt"

	"github.com/pipec-dev/pipec/compile/diag"
	"regexp"
	"strings"

	"github.com/pipec-dev/pipec/compile/expr"
)

// decidedByJob reports whether a part of a condition is left to the job, which tests it
// in its script and ends early: GitLab does not know another stage's outputs when it
// creates the pipeline, and its rules compare a variable with a string literal, which
// has no escapes, so a comparison of two references (ci.branch == input.target) or with
// text holding both kinds of quote cannot be a rule.
//
// A part that reads matrix values and others (matrix.os == "linux" || ci.branch == "main")
// is decided by the job too: as a rule it would leave some cells out of the pipeline,
// and GitLab refuses a pipeline whose job needs a cell that does not exist (a job after
// the matrix needs every cell). The parts that read matrix values alone choose the cells
// parallel:matrix lists instead (cellTest).
func decidedByJob(x expr.Expr) bool {
	if expr.Reads(x, "stage") {
		return true
	}
	if _, mixed := expr.MatrixTests(x); mixed != nil {
		return true
	}
	found := false
	expr.Walk(x, func(n expr.Expr) {
		b, ok := n.(*expr.Binary)
		if !ok || (b.Op != "==" && b.Op != "!=") {
			return
		}
		_, refX := b.X.(*expr.RefExpr)
		_, refY := b.Y.(*expr.RefExpr)
		if refX && refY || bothQuotes(b.X) || bothQuotes(b.Y) {
			found = true
		}
	})
	return found
}

// cellTest reports a part of a condition that reads matrix values alone: it chooses the
// cells parallel:matrix lists (chosenCells), so it is neither a rule nor a test in the
// job.
func cellTest(x expr.Expr) bool {
	tests, _ := expr.MatrixTests(x)
	return len(tests) > 0
}

// bothQuotes reports a string literal holding both ' and ", which no rule can quote.
func bothQuotes(x expr.Expr) bool {
	s, ok := x.(*expr.StringLit)
	return ok && strings.Contains(s.Value, `"`) && strings.Contains(s.Value, "'")
}

// valueOf renders references for shell tests in job j.
func (e *emitter) valueOf(j *gjob) func(*expr.Ref) string {
	return func(r *expr.Ref) string { return e.shellValue(r, j) }
}

// rule renders a condition as a GitLab `rules: if:` expression. GitLab has no `!`, so a
// negation is pushed down to the leaves (De Morgan), where == becomes != and =~ becomes !~.
func (e *emitter) rule(x expr.Expr, neg bool, j *gjob) string {
	var b strings.Builder
	e.writeRule(&b, x, neg, j)
	return b.String()
}

// writeRule writes rule's expression into b: operands are written in place, not joined
// as strings at each level, which copied a long chain of && once per level (a job's
// condition holds those of every job before it in a chain of needs).
func (e *emitter) writeRule(b *strings.Builder, x expr.Expr, neg bool, j *gjob) {
	switch n := x.(type) {
	case *expr.Not:
		e.writeRule(b, n.X, !neg, j)
		return
	case *expr.Binary:
		switch n.Op {
		case "&&", "||":
			op := n.Op
			if neg {
				op = map[string]string{"&&": "||", "||": "&&"}[op]
			}
			b.WriteByte('(')
			e.writeRule(b, n.X, neg, j)
			b.WriteString(" " + op + " ")
			e.writeRule(b, n.Y, neg, j)
			b.WriteByte(')')
			return
		}
	}
	b.WriteString(e.leafRule(x, neg))
}

// leafRule renders one operand of rule's && and ||: a comparison, a function call, a
// reference or a literal.
func (e *emitter) leafRule(x expr.Expr, neg bool) string {
	switch n := x.(type) {
	case *expr.Binary: // a comparison: writeRule writes && and ||
		eq := (n.Op == "==") != neg
		return e.compare(n, eq)
	case *expr.Call:
		lit := n.Args[1].(*expr.StringLit)
		var re string
		if n.Func == "startswith" {
			re = "^" + regexp.QuoteMeta(lit.Value)
		} else {
			g := lit.Value
			if strings.HasPrefix(g, "!") {
				g, neg = g[1:], !neg
			}
			re = "^" + expr.GlobRegexp(g) + "$"
		}
		return e.match(n.Args[0], re, neg, n)
	case *expr.RefExpr:
		return e.truthy(n.Ref, neg)
	case *expr.BoolLit:
		// Only a whole condition folds to a constant, and the compiler drops those; a
		// comparison with a boolean is handled in compare.
		if n.Value != neg {
			return `$CI_PIPELINE_SOURCE`
		}
		return `$CI_PIPELINE_SOURCE == "never"`
	}
	e.errorf(x.Range(), "unsupported-condition", "compare references with strings, or combine comparisons with && and ||", "this condition cannot be written as a GitLab rule")
	return `$CI_PIPELINE_SOURCE == "never"`
}

// sources lists the variables a reference's value comes from in rules. ci.branch is a
// merge request's source branch or the pushed branch, whichever exists.
func (e *emitter) sources(r *expr.Ref) ([]string, bool) {
	switch r.Root() {
	case "ci":
		switch r.Path[1] {
		case "branch":
			return []string{"CI_COMMIT_BRANCH", "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME"}, true
		case "event", "ref":
			return nil, false // handled by the callers: their values are not a variable's
		}
		return []string{ciVars[r.Path[1]]}, true
	case "matrix":
		return []string{matrixVar(r.Path[1])}, true
	case "input":
		return []string{inputVar(r.Path[1])}, true
	}
	return nil, false
}

// compare renders `ref == "lit"` (eq) or `ref != "lit"`.
func (e *emitter) compare(n *expr.Binary, eq bool) string {
	ref, lit, ok := expr.RefAndLiteral(n)
	if !ok {
		e.errorf(n.Rng, "unsupported-condition", "GitLab rules compare a variable with a string; compare a reference with a literal", "this comparison cannot be written as a GitLab rule")
		return `$CI_PIPELINE_SOURCE == "never"`
	}
	op, join := "==", " || "
	if !eq {
		op, join = "!=", " && "
	}
	switch ref.String() {
	case "ci.event":
		var parts []string
		for _, src := range sourceEvents[lit] {
			parts = append(parts, fmt.Sprintf("$CI_PIPELINE_SOURCE %s %s", op, e.quoteRule(src, n.Rng)))
		}
		return group(parts, join)
	case "ci.ref":
		v, name, ok := splitRef(lit)
		if !ok {
			e.errorf(n.Rng, "unsupported-condition", refDetail(lit), "ci.ref cannot be compared with %q on GitLab", lit)
		}
		// The variable exists only in pipelines for that kind of ref.
		if eq {
			return fmt.Sprintf("($%s != null && $%s == %s)", v, v, e.quoteRule(name, n.Rng))
		}
		return fmt.Sprintf("($%s == null || $%s != %s)", v, v, e.quoteRule(name, n.Rng))
	}
	vars, ok := e.sources(ref)
	if !ok {
		e.errorf(ref.Range, "unsupported-condition", "GitLab decides rules before any job runs", "%s cannot be tested in a GitLab rule", ref)
		return `$CI_PIPELINE_SOURCE == "never"`
	}
	q := e.quoteRule(lit, n.Rng)
	// A reference's value is its variable, or "" where the variable is unset; GitLab
	// compares an unset variable with "" as different, so the empty string is spelled out.
	// Of several sources (ci.branch) at most one is set.
	var parts []string
	for _, v := range vars {
		switch {
		case lit == "" && eq:
			parts = append(parts, fmt.Sprintf(`($%s == null || $%s == "")`, v, v))
		case lit == "":
			parts = append(parts, fmt.Sprintf(`($%s != null && $%s != "")`, v, v))
		case eq:
			parts = append(parts, fmt.Sprintf("$%s == %s", v, q))
		default:
			parts = append(parts, fmt.Sprintf("($%s == null || $%s != %s)", v, v, q))
		}
	}
	switch {
	case lit == "" && eq, lit != "" && !eq:
		return group(parts, " && ")
	}
	return group(parts, " || ")
}

// refDetail says why a ref pattern cannot be tested on GitLab, and for a pull request's
// ref (refs/pull/..., GitHub's; refs/merge-requests/..., GitLab's own) what tests a pull
// request on every target: a merge request pipeline runs on its source branch, so no
// ref of GitLab's variables has that form.
func refDetail(lit string) string {
	const why = "GitLab knows refs as branches (refs/heads/...) and tags (refs/tags/...)"
	p := strings.TrimPrefix(lit, "!")
	for _, pr := range []string{"refs/pull/", "refs/merge-requests/"} {
		if strings.HasPrefix(p+"/", pr) {
			return why + "; a merge request pipeline runs on its source branch: to test for a pull request, write ci.event == \"pull_request\""
		}
	}
	return why
}

// match renders `ref =~ /re/` (or !~ when neg).
func (e *emitter) match(arg expr.Expr, re string, neg bool, call *expr.Call) string {
	r, ok := arg.(*expr.RefExpr)
	if !ok {
		e.errorf(call.Rng, "unsupported-condition", "the first argument must be a reference", "this call cannot be written as a GitLab rule")
		return `$CI_PIPELINE_SOURCE == "never"`
	}
	op := "=~"
	if neg {
		op = "!~"
	}
	var vars []string
	switch r.Ref.String() {
	case "ci.ref":
		// Only refs/heads/ and refs/tags/ have variables; the pattern continues after them.
		lit := call.Args[1].(*expr.StringLit).Value
		v, rest, ok := splitRef(strings.TrimPrefix(lit, "!"))
		if !ok {
			e.errorf(call.Args[1].Range(), "unsupported-condition", refDetail(lit), "ci.ref cannot be matched with %q on GitLab", lit)
			return `$CI_PIPELINE_SOURCE == "never"`
		}
		if call.Func == "startswith" {
			re = "^" + regexp.QuoteMeta(rest)
		} else {
			re = "^" + expr.GlobRegexp(rest) + "$"
		}
		vars = []string{v}
	case "ci.event":
		e.errorf(call.Rng, "unsupported-condition", "compare ci.event with == instead", "ci.event cannot be matched on GitLab")
		return `$CI_PIPELINE_SOURCE == "never"`
	default:
		var ok bool
		vars, ok = e.sources(r.Ref)
		if !ok {
			e.errorf(r.Ref.Range, "unsupported-condition", "GitLab decides rules before any job runs", "%s cannot be tested in a GitLab rule", r.Ref)
			return `$CI_PIPELINE_SOURCE == "never"`
		}
	}
	lit := "/" + strings.ReplaceAll(re, "/", `\/`) + "/"
	if r.Ref.String() == "ci.ref" && re == "^" {
		// startswith(ci.ref, "refs/heads/"): the kind of ref alone, i.e. its variable is set.
		if neg {
			return fmt.Sprintf("$%s == null", vars[0])
		}
		return fmt.Sprintf("$%s != null", vars[0])
	}
	if r.Ref.String() == "ci.ref" {
		// refs/heads/... and refs/tags/... exist only in pipelines for that kind of ref.
		if neg {
			return fmt.Sprintf("($%s == null || $%s !~ %s)", vars[0], vars[0], lit)
		}
		return fmt.Sprintf("($%s != null && $%s =~ %s)", vars[0], vars[0], lit)
	}
	// GitLab matches an unset variable as "", which is the reference's value then. With
	// several sources (ci.branch), the value is the one that is set, or "" when none is.
	if len(vars) == 1 {
		return fmt.Sprintf("$%s %s %s", vars[0], op, lit)
	}
	var parts []string
	for _, v := range vars {
		if neg {
			parts = append(parts, fmt.Sprintf("($%s == null || $%s !~ %s)", v, v, lit))
		} else {
			parts = append(parts, fmt.Sprintf("($%s != null && $%s =~ %s)", v, v, lit))
		}
	}
	compiled, err := regexp.Compile(re)
	if err != nil {
		e.errorf(call.Args[1].Range(), "unsupported-glob", err.Error(), "this pattern cannot be written as a GitLab regular expression")
		return `$CI_PIPELINE_SOURCE == "never"`
	}
	emptyMatches := compiled.MatchString("")
	var none, some []string
	for _, v := range vars {
		none = append(none, fmt.Sprintf("$%s == null", v))
		some = append(some, fmt.Sprintf("$%s != null", v))
	}
	if neg {
		out := strings.Join(parts, " && ")
		if emptyMatches {
			// "" matches, so the value must come from a variable that is set.
			out += " && (" + strings.Join(some, " || ") + ")"
		}
		return "(" + out + ")"
	}
	out := strings.Join(parts, " || ")
	if emptyMatches {
		out += " || (" + strings.Join(none, " && ") + ")"
	}
	return "(" + out + ")"
}

// truthy renders a bare reference: set, non-empty and not "false" (a boolean input).
func (e *emitter) truthy(r *expr.Ref, neg bool) string {
	vars, ok := e.sources(r)
	if !ok {
		e.errorf(r.Range, "unsupported-condition", "compare it with a string instead", "%s cannot be tested on its own in a GitLab rule", r)
		return `$CI_PIPELINE_SOURCE == "never"`
	}
	var parts []string
	for _, v := range vars {
		if neg {
			parts = append(parts, fmt.Sprintf(`($%s == null || $%s == "" || $%s == "false")`, v, v, v))
		} else {
			// A defined empty string is truthy to GitLab's rules; to pipec it is not.
			parts = append(parts, fmt.Sprintf(`($%s != null && $%s != "" && $%s != "false")`, v, v, v))
		}
	}
	if neg {
		return group(parts, " && ")
	}
	return group(parts, " || ")
}

func group(parts []string, join string) string {
	if len(parts) == 1 {
		return parts[0]
	}
	return "(" + strings.Join(parts, join) + ")"
}

// splitRef maps refs/heads/X and refs/tags/X to the variable holding X.
func splitRef(ref string) (string, string, bool) {
	switch {
	case strings.HasPrefix(ref, "refs/heads/"):
		return "CI_COMMIT_BRANCH", strings.TrimPrefix(ref, "refs/heads/"), true
	case strings.HasPrefix(ref, "refs/tags/"):
		return "CI_COMMIT_TAG", strings.TrimPrefix(ref, "refs/tags/"), true
	}
	return "", "", false
}

// quoteRule renders a string literal for a rules expression. GitLab's string literals
// have no escapes: a literal is quoted with whichever quote it does not contain.
func (e *emitter) quoteRule(s string, rng diag.Range) string {
	switch {
	case !strings.Contains(s, `"`):
		return `"` + s + `"`
	case !strings.Contains(s, "'"):
		return "'" + s + "'"
	}
	e.errorf(rng, "unsupported-condition", "GitLab's rule strings cannot contain both ' and \"", "this string cannot be written in a GitLab rule")
	return `""`
}
