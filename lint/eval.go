package lint

import (
	"strconv"
	"strings"

	"github.com/pipec-dev/pipec/compile/expr"
	"github.com/pipec-dev/pipec/compile/model"
	"github.com/pipec-dev/pipec/targets"
)

// tri is a three-valued truth: a condition over values known only at run time may be
// true, false, or either.
type tri int

const (
	unknown tri = iota
	yes
	no
)

func (t tri) not() tri {
	switch t {
	case yes:
		return no
	case no:
		return yes
	}
	return unknown
}

// scenario fixes the values a run of one trigger kind is known to have.
type scenario struct {
	event string
	known map[string]string // ref path -> value
	// prefix holds what every value of a ref not in known starts with: the literal part of
	// the push filter's glob that started the run (ci.ref is "refs/tags/v..." for tags =
	// ["v*"]). It decides tests that no value with that start passes, such as an
	// environment's branch rule (a test of "refs/heads/...") in a run for a tag.
	prefix map[string]string
	// nonEmpty holds refs whose value is not known but is never empty in this run.
	nonEmpty map[string]bool
}

// scenarios lists the kinds of run the pipeline's triggers start, in trigger order.
func scenarios(p *model.Pipeline) []scenario {
	var out []scenario
	t := p.On
	if t == nil {
		return nil
	}
	if t.Push != nil {
		out = append(out, pushScenarios(t.Push)...)
	}
	if t.PullRequest != nil {
		// A pull request's ref is refs/pull/N/...: no branch or tag rule matches it.
		// Its number is not known, but it is never empty: nonEmpty decides
		// ci.pr_number == "" there.
		out = append(out, scenario{event: "pull_request", known: map[string]string{
			"ci.event": "pull_request", "ci.ref": "refs/pull/0/merge", "ci.tag": "",
		}, nonEmpty: map[string]bool{"ci.pr_number": true}})
	}
	if len(t.Schedules) > 0 {
		out = append(out, scenario{event: "schedule", known: map[string]string{"ci.event": "schedule", "ci.tag": ""}})
	}
	// Nobody chooses inputs for a run the manual trigger did not start: they have their
	// defaults on every target.
	idle := idleInputs(t.Manual)
	for _, sc := range out {
		for k, v := range idle {
			sc.known[k] = v
		}
	}
	if t.Manual != nil {
		out = append(out, scenario{event: "manual", known: map[string]string{"ci.event": "manual"}})
	}
	return out
}

// idleInputs are the inputs' values in a run nobody started by hand: every target gives
// each input its default there (GitHub through an expression that falls back to it,
// since its inputs context is empty outside workflow_dispatch). A stage gated on
// input.deploy, which defaults to false, does not run for pushes, pull requests or
// schedules.
func idleInputs(m *model.Manual) map[string]string {
	out := map[string]string{}
	if m == nil {
		return out
	}
	for _, in := range m.Inputs {
		switch v := targets.InputDefault(in).(type) {
		case bool:
			out["input."+in.Name] = strconv.FormatBool(v)
		case targets.RawNumber:
			out["input."+in.Name] = string(v)
		case string:
			out["input."+in.Name] = v
		}
	}
	return out
}

// pushScenarios are the runs a push trigger starts: one per entry of its branch and tag
// filters, since a run matches at least one. A literal entry fixes the ref's names; a glob
// fixes their start (its text before the first wildcard). A push with branches only is
// never a tag's, and one with tags only never a branch's (every target filters so). A push
// without filters may be of any ref, known only to be a push.
func pushScenarios(pu *model.Push) []scenario {
	if len(pu.Branches) == 0 && len(pu.Tags) == 0 {
		return []scenario{{event: "push", known: map[string]string{"ci.event": "push"}}}
	}
	var out []scenario
	for _, b := range positive(pu.Branches) {
		if lit, ok := literalGlob(b); ok {
			out = append(out, branchScenario("push", lit))
			continue
		}
		out = append(out, scenario{event: "push",
			known:  map[string]string{"ci.event": "push", "ci.tag": ""},
			prefix: map[string]string{"ci.branch": globPrefix(b), "ci.ref": "refs/heads/" + globPrefix(b)}})
	}
	for _, t := range positive(pu.Tags) {
		if lit, ok := literalGlob(t); ok {
			out = append(out, scenario{event: "push", known: map[string]string{
				"ci.event": "push", "ci.branch": "", "ci.tag": lit, "ci.ref": "refs/tags/" + lit}})
			continue
		}
		out = append(out, scenario{event: "push",
			known:  map[string]string{"ci.event": "push", "ci.branch": ""},
			prefix: map[string]string{"ci.tag": globPrefix(t), "ci.ref": "refs/tags/" + globPrefix(t)}})
	}
	return out
}

// positive lists a filter's globs without its exclusions ("!old/*"); a filter of
// exclusions only matches every other name, which the empty glob prefix stands for.
func positive(globs []model.String) []string {
	var out []string
	for _, g := range globs {
		if !strings.HasPrefix(g.Value, "!") {
			out = append(out, g.Value)
		}
	}
	if len(out) == 0 && len(globs) > 0 {
		out = append(out, "*")
	}
	return out
}

// literalGlob reports whether g matches one name only, and that name.
func literalGlob(g string) (string, bool) {
	if strings.ContainsAny(g, "*?[!\\") {
		return "", false
	}
	return g, true
}

// globPrefix is the text every name that g matches starts with: g up to its first
// wildcard, set or escape.
func globPrefix(g string) string {
	if i := strings.IndexAny(g, "*?[\\"); i >= 0 {
		return g[:i]
	}
	return g
}

// branchScenario is a run of event for a push to branch b.
func branchScenario(event, b string) scenario {
	return scenario{event: event, known: map[string]string{
		"ci.event": event, "ci.branch": b, "ci.ref": "refs/heads/" + b, "ci.tag": "",
	}}
}

// anyBranchScenarios are runs from a branch nobody chose to allow: a push the trigger's
// branch filter lets any name through (no filter, or a wildcard such as feature/*,
// which any pusher can create a branch to match), and a manual run, for which the
// platforms let the person starting it pick any branch.
func anyBranchScenarios(p *model.Pipeline) []scenario {
	var out []scenario
	t := p.On
	if t == nil {
		return nil
	}
	if pu := t.Push; pu != nil {
		if len(pu.Branches) == 0 && len(pu.Tags) == 0 {
			out = append(out, branchScenario("push", anyBranch))
		}
		for _, b := range pu.Branches {
			if name, ok := instantiate(b.Value); ok && strings.ContainsAny(b.Value, "*?") {
				out = append(out, branchScenario("push", name))
				break
			}
		}
		for _, sc := range out {
			for k, v := range idleInputs(t.Manual) {
				sc.known[k] = v
			}
		}
	}
	if t.Manual != nil {
		out = append(out, branchScenario("manual", anyBranch))
	}
	return out
}

// anyBranch is a branch name no spec allows by name.
const anyBranch = "pipec-lint-any-branch"

// instantiate makes a branch name that glob g matches: each wildcard stands for a few
// letters. Negations and character sets are not instantiated.
func instantiate(g string) (string, bool) {
	if strings.ContainsAny(g, "[!") {
		return "", false
	}
	return strings.NewReplacer("**", "any", "*", "any", "?", "x").Replace(g), true
}

// eval decides a condition in a scenario as far as its known values allow. nil is true.
func (s scenario) eval(x expr.Expr) tri {
	if x == nil {
		return yes
	}
	switch n := x.(type) {
	case *expr.BoolLit:
		if n.Value {
			return yes
		}
		return no
	case *expr.Not:
		return s.eval(n.X).not()
	case *expr.Binary:
		switch n.Op {
		case "&&":
			return and(s.eval(n.X), s.eval(n.Y))
		case "||":
			a, b := s.eval(n.X), s.eval(n.Y)
			if a == yes || b == yes {
				return yes
			}
			if a == no && b == no {
				return no
			}
			return unknown
		case "==", "!=":
			l, lok := s.value(n.X)
			r, rok := s.value(n.Y)
			equal := unknown
			switch {
			case lok && rok:
				equal = truth(l == r)
			case lok:
				equal = s.differs(n.Y, l)
			case rok:
				equal = s.differs(n.X, r)
			}
			if n.Op == "!=" {
				return equal.not()
			}
			return equal
		}
	case *expr.Call:
		if len(n.Args) != 2 {
			return unknown
		}
		v, ok := s.value(n.Args[0])
		lit, lok := n.Args[1].(*expr.StringLit)
		if !lok {
			return unknown
		}
		if !ok {
			return s.startTest(n.Func, n.Args[0], lit.Value)
		}
		var match bool
		switch n.Func {
		case "startswith":
			match = strings.HasPrefix(v, lit.Value)
		case "matches":
			m, ok := expr.GlobMatch(strings.TrimPrefix(lit.Value, "!"), v)
			if !ok {
				return unknown
			}
			match = m != strings.HasPrefix(lit.Value, "!")
		default:
			return unknown
		}
		if match {
			return yes
		}
		return no
	case *expr.RefExpr:
		if v, ok := s.known[n.Ref.String()]; ok {
			if v == "" || v == "false" {
				return no
			}
			return yes
		}
		if s.prefix[n.Ref.String()] != "" || s.nonEmpty[n.Ref.String()] {
			return yes
		}
	}
	return unknown
}

func truth(b bool) tri {
	if b {
		return yes
	}
	return no
}

// compatible reports whether some name starts with both a and b.
func compatible(a, b string) bool { return strings.HasPrefix(a, b) || strings.HasPrefix(b, a) }

// differs decides x == lit from the start every value of x is known to have: false when
// lit does not start so.
func (s scenario) differs(x expr.Expr, lit string) tri {
	if r, ok := x.(*expr.RefExpr); ok {
		if p, ok := s.prefix[r.Ref.String()]; ok && !strings.HasPrefix(lit, p) {
			return no
		}
		if lit == "" && s.nonEmpty[r.Ref.String()] {
			return no
		}
	}
	return unknown
}

// startTest decides startswith(x, lit) and matches(x, glob) from the start every value of x
// is known to have: a value starting with p starts with any prefix of p, and neither
// starts with nor matches a text that diverges from p.
func (s scenario) startTest(fn string, x expr.Expr, lit string) tri {
	r, ok := x.(*expr.RefExpr)
	if !ok {
		return unknown
	}
	p, ok := s.prefix[r.Ref.String()]
	if !ok {
		return unknown
	}
	switch fn {
	case "startswith":
		if strings.HasPrefix(p, lit) {
			return yes
		}
		if !compatible(p, lit) {
			return no
		}
	case "matches":
		negated := strings.HasPrefix(lit, "!")
		if !compatible(p, globPrefix(strings.TrimPrefix(lit, "!"))) {
			return truth(negated)
		}
	}
	return unknown
}

func (s scenario) value(x expr.Expr) (string, bool) {
	switch n := x.(type) {
	case *expr.StringLit:
		return n.Value, true
	case *expr.NumberLit:
		return n.Text, true
	case *expr.BoolLit:
		if n.Value {
			return "true", true
		}
		return "false", true
	case *expr.RefExpr:
		v, ok := s.known[n.Ref.String()]
		return v, ok
	}
	return "", false
}

// and is three-valued &&, as eval computes it for a Binary.
func and(a, b tri) tri {
	if a == no || b == no {
		return no
	}
	if a == yes && b == yes {
		return yes
	}
	return unknown
}
