package lint

import (
	"strings"

	"github.com/pipec-dev/pipec/compile/expr"
	"github.com/pipec-dev/pipec/compile/model"
)

// gitlabRule is one entry of a native "gitlab" rules list, read as far as its syntax
// shows: its if as a pipec condition (gitlabIf), nil for a rule without one, and
// whether it keeps the job out (when: never). A rule that tests changes or exists
// matches in some runs only: its condition reads as unknown.
type gitlabRule struct {
	cond  expr.Expr
	never bool
}

// gitlabRules is a stage's native "gitlab" rules, which replace pipec's rules for its
// jobs on GitLab; ok is false when the stage has none (or an empty list, which GitLab
// may read as no rules), the gitlab target is not selected, or a rule is not a mapping.
func gitlabRules(p *Pass, s *model.Stage) (rules []gitlabRule, ok bool) {
	v := nativeKey(p, s, "gitlab", "rules")
	if v == nil || v.Kind != model.KindList || len(v.List) == 0 {
		return nil, false
	}
	for _, r := range v.List {
		if r.Kind != model.KindMap {
			return nil, false
		}
		var g gitlabRule
		if w := mapKey(r, "when"); w != nil && w.Kind == model.KindString && w.Str == "never" {
			g.never = true
		}
		if x := mapKey(r, "if"); x != nil {
			if x.Kind != model.KindString {
				return nil, false
			}
			g.cond = gitlabIf(x.Str)
		}
		if mapKey(r, "changes") != nil || mapKey(r, "exists") != nil {
			g.cond = &expr.Binary{Op: "&&", X: orTrue(g.cond), Y: opaque}
		}
		rules = append(rules, g)
	}
	return rules, true
}

func orTrue(x expr.Expr) expr.Expr {
	if x == nil {
		return &expr.BoolLit{Value: true}
	}
	return x
}

// gitlabMayRun reports whether rules may add the job to a run of the scenario: GitLab
// takes the first rule that matches, and adds the job unless that rule says never; no
// match leaves it out.
func gitlabMayRun(rules []gitlabRule, sc scenario) bool {
	for _, r := range rules {
		t := sc.eval(r.cond)
		if t == no {
			continue
		}
		if !r.never {
			return true
		}
		if t == yes {
			return false
		}
	}
	return false
}

// glSources maps CI_PIPELINE_SOURCE values to pipec's ci.event values; other sources
// are never one pipec's triggers start.
var glSources = map[string]string{"push": "push", "merge_request_event": "pull_request", "schedule": "schedule", "web": "manual", "api": "manual"}

// glVars maps the predefined variables whose values pipec's scenarios know.
var glVars = map[string]string{"CI_COMMIT_BRANCH": "ci.branch", "CI_COMMIT_TAG": "ci.tag"}

// gitlabIf translates a rules if: comparisons of CI_PIPELINE_SOURCE, CI_COMMIT_BRANCH
// and CI_COMMIT_TAG with a string or null, a variable alone (set and not empty), &&,
// || and parentheses. What it does not decide (other variables, =~) reads as a value of
// its own that no scenario knows; an if it cannot read at all reads so whole.
func gitlabIf(src string) expr.Expr {
	toks := glTokens(src)
	if toks == nil {
		return opaque
	}
	r := &glReader{toks: toks}
	x := r.or()
	if x == nil || r.i != len(toks) {
		return opaque
	}
	return x
}

// glTokens splits a rules if into tokens: $VAR, "string" or 'string', /regex/, null,
// operators and parentheses; nil for text it cannot split.
func glTokens(s string) []string {
	var out []string
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n':
			i++
		case c == '(' || c == ')':
			out = append(out, string(c))
			i++
		case strings.HasPrefix(s[i:], "&&") || strings.HasPrefix(s[i:], "||") || strings.HasPrefix(s[i:], "==") || strings.HasPrefix(s[i:], "!=") || strings.HasPrefix(s[i:], "=~") || strings.HasPrefix(s[i:], "!~"):
			out = append(out, s[i:i+2])
			i += 2
		case c == '"' || c == '\'' || c == '/':
			j := strings.IndexByte(s[i+1:], c)
			if j < 0 {
				return nil
			}
			out = append(out, s[i:i+j+2])
			i += j + 2
		case c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			j := i + 1
			for j < len(s) && (s[j] == '_' || s[j] == '{' || s[j] == '}' || s[j] >= 'a' && s[j] <= 'z' || s[j] >= 'A' && s[j] <= 'Z' || s[j] >= '0' && s[j] <= '9') {
				j++
			}
			out = append(out, s[i:j])
			i = j
		default:
			return nil
		}
	}
	return out
}

// glReader reads tokens into a condition: || binds looser than &&, as in GitLab.
type glReader struct {
	toks []string
	i    int
}

func (r *glReader) peek() string {
	if r.i < len(r.toks) {
		return r.toks[r.i]
	}
	return ""
}

func (r *glReader) or() expr.Expr {
	x := r.and()
	for x != nil && r.peek() == "||" {
		r.i++
		y := r.and()
		if y == nil {
			return nil
		}
		x = &expr.Binary{Op: "||", X: x, Y: y}
	}
	return x
}

func (r *glReader) and() expr.Expr {
	x := r.term()
	for x != nil && r.peek() == "&&" {
		r.i++
		y := r.term()
		if y == nil {
			return nil
		}
		x = &expr.Binary{Op: "&&", X: x, Y: y}
	}
	return x
}

// term reads a parenthesised condition, a comparison, or a variable alone.
func (r *glReader) term() expr.Expr {
	t := r.peek()
	r.i++
	switch {
	case t == "(":
		x := r.or()
		if x == nil || r.peek() != ")" {
			return nil
		}
		r.i++
		return x
	case !strings.HasPrefix(t, "$"):
		return nil
	}
	name := strings.Trim(t[1:], "{}")
	switch op := r.peek(); op {
	case "==", "!=", "=~", "!~":
		r.i++
		lit := r.peek()
		r.i++
		if lit == "" || op == "=~" || op == "!~" {
			return opaque
		}
		x := glCompare(name, lit)
		if op == "!=" {
			return &expr.Not{X: x}
		}
		return x
	}
	if ref, ok := glVars[name]; ok {
		return ciRef(ref)
	}
	return opaque
}

// glCompare translates $name == lit.
func glCompare(name, lit string) expr.Expr {
	var val expr.Expr
	switch {
	case lit == "null":
		val = &expr.StringLit{}
	case len(lit) >= 2 && (lit[0] == '"' || lit[0] == '\''):
		val = &expr.StringLit{Value: lit[1 : len(lit)-1]}
	default:
		return opaque
	}
	v := val.(*expr.StringLit).Value
	if name == "CI_PIPELINE_SOURCE" {
		ev, ok := glSources[v]
		if !ok {
			return &expr.BoolLit{Value: false}
		}
		return &expr.Binary{Op: "==", X: ciRef("ci.event"), Y: &expr.StringLit{Value: ev}}
	}
	if ref, ok := glVars[name]; ok {
		return &expr.Binary{Op: "==", X: ciRef(ref), Y: val}
	}
	return opaque
}
