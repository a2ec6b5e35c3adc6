package lint

import (
	"strings"

	"github.com/pipec-dev/pipec/compile/expr"
	"github.com/pipec-dev/pipec/compile/model"
	"github.com/rhysd/actionlint"
)

// githubIf is a stage's native "github" if, which replaces the stage's condition on
// GitHub, read as a pipec condition as far as its syntax shows: github.event_name,
// github.ref and github.ref_type tests, startsWith on github.ref, !, && and ||. What it
// does not decide (other contexts, status functions) reads as a value of its own that no
// scenario knows. It is nil when the stage has no such if, the github target is not
// selected, or the if is not one expression.
func githubIf(p *Pass, s *model.Stage) expr.Expr {
	v := nativeKey(p, s, "github", "if")
	if v == nil || v.Kind != model.KindString {
		return nil
	}
	src := strings.TrimSpace(v.Str)
	if strings.HasPrefix(src, "${{") && strings.HasSuffix(src, "}}") {
		src = strings.TrimSpace(src[3 : len(src)-2])
	}
	if src == "" || strings.Contains(src, "${{") || strings.Contains(src, "}}") {
		return nil
	}
	n, err := actionlint.NewExprParser().Parse(actionlint.NewExprLexer(src + "}}"))
	if err != nil {
		return nil
	}
	return fromGitHub(n)
}

// opaque stands for a part of a GitHub expression that no scenario decides.
var opaque = &expr.RefExpr{Ref: &expr.Ref{Path: []string{"github", "?"}}}

// ghEvents maps GitHub's event names to pipec's ci.event values; other events are never
// one pipec's triggers start.
var ghEvents = map[string]string{"push": "push", "pull_request": "pull_request", "schedule": "schedule", "workflow_dispatch": "manual"}

func ciRef(name string) *expr.RefExpr {
	return &expr.RefExpr{Ref: &expr.Ref{Path: strings.Split(name, ".")}}
}

// fromGitHub translates a GitHub expression into a pipec one (githubIf).
func fromGitHub(n actionlint.ExprNode) expr.Expr {
	switch n := n.(type) {
	case *actionlint.BoolNode:
		return &expr.BoolLit{Value: n.Value}
	case *actionlint.StringNode:
		return &expr.StringLit{Value: n.Value}
	case *actionlint.NotOpNode:
		return &expr.Not{X: fromGitHub(n.Operand)}
	case *actionlint.LogicalOpNode:
		op := "&&"
		if n.Kind == actionlint.LogicalOpNodeKindOr {
			op = "||"
		}
		return &expr.Binary{Op: op, X: fromGitHub(n.Left), Y: fromGitHub(n.Right)}
	case *actionlint.CompareOpNode:
		if !n.Kind.IsEqualityOp() {
			return opaque
		}
		x := compareWith(n.Left, n.Right)
		if x == nil {
			x = compareWith(n.Right, n.Left)
		}
		if x == nil {
			x = &expr.Binary{Op: "==", X: ghValue(n.Left), Y: ghValue(n.Right)}
		}
		if n.Kind == actionlint.CompareOpNodeKindNotEq {
			return &expr.Not{X: x}
		}
		return x
	case *actionlint.FuncCallNode:
		// startsWith(github.ref, 'refs/tags/'); GitHub compares without case, as ref
		// names rarely differ by.
		if strings.EqualFold(n.Callee, "startsWith") && len(n.Args) == 2 {
			if s, ok := n.Args[1].(*actionlint.StringNode); ok && ghPath(n.Args[0]) == "github.ref" {
				return &expr.Call{Func: "startswith", Args: []expr.Expr{ciRef("ci.ref"), &expr.StringLit{Value: s.Value}}}
			}
		}
	}
	return opaque
}

// compareWith translates x == lit for the contexts whose values GitHub spells unlike
// pipec (github.event_name, github.ref_type); nil for others.
func compareWith(x, lit actionlint.ExprNode) expr.Expr {
	s, ok := lit.(*actionlint.StringNode)
	if !ok {
		return nil
	}
	v := strings.ToLower(s.Value) // GitHub compares strings without case
	switch ghPath(x) {
	case "github.event_name":
		ev, ok := ghEvents[v]
		if !ok {
			return &expr.BoolLit{Value: false}
		}
		return &expr.Binary{Op: "==", X: ciRef("ci.event"), Y: &expr.StringLit{Value: ev}}
	case "github.ref_type":
		switch v {
		case "tag":
			return &expr.Call{Func: "startswith", Args: []expr.Expr{ciRef("ci.ref"), &expr.StringLit{Value: "refs/tags/"}}}
		case "branch":
			return &expr.Call{Func: "startswith", Args: []expr.Expr{ciRef("ci.ref"), &expr.StringLit{Value: "refs/heads/"}}}
		}
		return &expr.BoolLit{Value: false}
	}
	return nil
}

// ghValue translates an operand of a comparison.
func ghValue(n actionlint.ExprNode) expr.Expr {
	switch n := n.(type) {
	case *actionlint.StringNode:
		return &expr.StringLit{Value: n.Value}
	case *actionlint.BoolNode:
		return &expr.BoolLit{Value: n.Value}
	}
	if ghPath(n) == "github.ref" {
		return ciRef("ci.ref")
	}
	return opaque
}

// ghPath is a context property's dotted path ("github.event_name"), or "".
func ghPath(n actionlint.ExprNode) string {
	switch n := n.(type) {
	case *actionlint.VariableNode:
		return strings.ToLower(n.Name)
	case *actionlint.ObjectDerefNode:
		if r := ghPath(n.Receiver); r != "" {
			return r + "." + strings.ToLower(n.Property)
		}
	}
	return ""
}

// nativeIfNote ends the rationale of the rules that ask whether a stage runs for pull
// requests.
const nativeIfNote = "On GitHub a native \"github\" if replaces the stage's condition: where its tests of github.event_name, github.ref (==, startsWith) and github.ref_type decide whether the job runs for pull requests, they decide there; on GitLab native \"gitlab\" rules replace it likewise, as far as their tests of CI_PIPELINE_SOURCE, CI_COMMIT_BRANCH and CI_COMMIT_TAG decide; and the stage's when decides on the other targets."
