package lint

import (
	"strings"

	"github.com/pipec-dev/pipec/compile"
	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/expr"
	"github.com/pipec-dev/pipec/compile/model"
)

var ruleUntrustedInScript = &Rule{
	ID:        "untrusted-in-script",
	Category:  Security,
	Severity:  diag.Warning,
	Summary:   "an attacker-controlled value is used unquoted in a script",
	Rationale: "Branch and tag names and string inputs are chosen by whoever pushes or starts the run. pipec never pastes them into a script (they arrive as environment variables), but an unquoted expansion is still split into words and globbed by the shell, so an input such as `a -rf *` becomes several arguments and file names (git keeps blanks and glob characters out of branch and tag names, which makes those expansions a lesser risk, but an empty tag still drops out of the command line). In an arithmetic expression ($(( )) or (( ))) bash evaluates the value's text, so an input such as `a[$(id)]` runs a command whether it is quoted or not. Expansions the shell does not split are left alone: in double quotes, in an assignment (V=${input.x}), in [[ ]] except after ==, !=, = and =~, as a case subject, and in a here-document. A stage that runs only for refs the spec names (its condition or its environment's branches test a literal branch, or the only triggers that reach it are a push filter of literal branches and schedules) is left alone: those names are the spec's, not an outsider's.",
	Fix:       "put the reference in double quotes: \"${ci.branch}\"",
	check: func(p *Pass) {
		templates(p.Pipeline, func(t *expr.Template, at place) {
			if at.what != "run" || at.step == nil {
				return
			}
			if sh := at.step.Shell; sh != nil && sh.Value != "bash" && sh.Value != "sh" {
				return
			}
			for _, u := range shellRefs(t) {
				r := u.ref
				if !untrusted(p.Pipeline, r) || isRefName(r) && refPinned(p, at.stage) {
					continue
				}
				switch u.how {
				case unquoted:
					p.reportDetail(r.Range, "put the reference in double quotes: \"${"+r.String()+"}\"", "%s is expanded outside double quotes in step %q", r.String(), at.step.Name)
				case arithmetic:
					p.reportDetail(r.Range, arithmeticFix, "%s is evaluated as arithmetic in step %q", r.String(), at.step.Name)
				}
			}
		})
	},
}

// arithmeticFix is the fix for a value in $(( )) or (( )), which quotes do not make safe.
const arithmeticFix = "bash evaluates the text of an arithmetic expression, quoted or not, so a value such as a[$(id)] runs a command: check that it is a number first ([[ \"${input.count}\" =~ ^[0-9]+$ ]] || exit 1), or declare the input with type = \"number\""

// untrusted reports a reference whose value an outsider chooses: branch, tag and ref
// names, and free-text manual inputs.
func untrusted(p *model.Pipeline, r *expr.Ref) bool {
	switch r.String() {
	case "ci.branch", "ci.tag", "ci.ref":
		return true
	}
	if r.Root() == "input" && p.On != nil && p.On.Manual != nil && len(r.Path) > 1 {
		for _, in := range p.On.Manual.Inputs {
			if in.Name == r.Path[1] {
				return in.Type.Value == "" || in.Type.Value == model.InputString
			}
		}
	}
	return false
}

func isRefName(r *expr.Ref) bool {
	switch r.String() {
	case "ci.branch", "ci.tag", "ci.ref":
		return true
	}
	return false
}

// refPinned reports whether every run of the stage is for a ref the spec names: its
// condition says so (when = ci.branch == "main", or an environment's branches = ["main"],
// which lowers to a test of ci.ref), or the only triggers that reach it are a push filter
// of literal branch names and schedules (which run on the default branch). Then branch,
// tag and ref are names the spec chose, not an outsider, and splitting them is harmless.
func refPinned(p *Pass, s *model.Stage) bool {
	if s == nil {
		return false
	}
	jobs := jobsOf(p, s)
	var vals []map[*compile.Job]tri
	scs := scenarios(p.Pipeline)
	for _, j := range jobs {
		if pinnedJob(p, j) {
			continue
		}
		if vals == nil {
			for _, sc := range scs {
				vals = append(vals, jobValues(p.Plan, sc))
			}
		}
		for i, sc := range scs {
			if vals[i][j] == no || sc.event == "schedule" {
				continue
			}
			if b, ok := sc.known["ci.branch"]; !ok || !plainName(b) {
				return false
			}
		}
	}
	return len(jobs) > 0
}

// pins reports whether x is true only for ref names given literally in it.
func pins(x expr.Expr) bool {
	switch n := x.(type) {
	case *expr.Binary:
		switch n.Op {
		case "&&":
			return pins(n.X) || pins(n.Y)
		case "||":
			return pins(n.X) && pins(n.Y)
		case "==":
			ref, lit, ok := expr.RefAndLiteral(n)
			return ok && isRefName(ref) && plainName(lit)
		}
	case *expr.Call:
		if n.Func != "matches" || len(n.Args) != 2 {
			return false
		}
		ref, ok := n.Args[0].(*expr.RefExpr)
		lit, lok := n.Args[1].(*expr.StringLit)
		return ok && lok && isRefName(ref.Ref) && plainName(lit.Value)
	}
	return false
}

// plainName reports a ref name without glob or shell metacharacters: one word that
// the shell leaves as it is.
func plainName(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune("._/-+@", c)) {
			return false
		}
	}
	return true
}
