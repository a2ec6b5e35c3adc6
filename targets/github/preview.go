package github

import (
	"strings"

	"github.com/pipec-dev/pipec/compile"
	"github.com/pipec-dev/pipec/compile/expr"
)

// deploysForPullRequests reports whether a job of the plan that deploys (sets an
// environment: a preview deploy, or its rollback) may run in a pull request's run.
// The workflow's cancel-in-progress would stop such a run when the pull request gets
// another push, deploy job included, half way through its deploy. Jobs are in
// dependency order, so one pass decides each job from its own condition and its needs':
// GitHub skips a job whose needs were skipped.
func deploysForPullRequests(p *compile.Plan) bool {
	if p.Pipeline.On == nil || p.Pipeline.On.PullRequest == nil {
		return false
	}
	off := make(map[*compile.Job]bool, len(p.Jobs))
	for _, j := range p.Jobs {
		o := notForPullRequests(j.When)
		if j.OnFailure {
			// A rollback runs after its own stage's jobs, whatever else it needs.
			o = true
			for _, n := range j.Needs {
				if n.Stage == j.Stage && !off[n] {
					o = false
				}
			}
		} else {
			for _, n := range j.Needs {
				o = o || off[n]
			}
		}
		off[j] = o
		if !o && j.Environment != nil {
			return true
		}
	}
	return false
}

// notForPullRequests reports whether condition x is false in every pull request's run
// on GitHub, as far as its syntax shows: a test of another event, of a branch's or
// tag's ref (a pull request's is refs/pull/N/merge), of a tag, or of an empty PR number.
// Anything else may hold, so it answers false.
func notForPullRequests(x expr.Expr) bool {
	switch n := x.(type) {
	case *expr.Binary:
		switch n.Op {
		case "&&":
			return notForPullRequests(n.X) || notForPullRequests(n.Y)
		case "||":
			return notForPullRequests(n.X) && notForPullRequests(n.Y)
		case "==", "!=":
			r, lit, ok := expr.RefAndLiteral(n)
			if !ok {
				return false
			}
			if n.Op == "==" {
				return equalInPullRequest(r.String(), lit) < 0
			}
			return equalInPullRequest(r.String(), lit) > 0
		}
	case *expr.Call:
		if len(n.Args) != 2 {
			return false
		}
		r, rok := n.Args[0].(*expr.RefExpr)
		lit, lok := n.Args[1].(*expr.StringLit)
		return rok && lok && r.Ref.String() == "ci.ref" && branchOrTagRef(lit.Value) &&
			(n.Func == "startswith" || n.Func == "matches")
	case *expr.RefExpr:
		return n.Ref.String() == "ci.tag"
	}
	return false
}

// equalInPullRequest decides ref == lit in a pull request's run: 1 when it holds in
// every one, -1 when in none, 0 when the run's values decide.
func equalInPullRequest(ref, lit string) int {
	switch ref {
	case "ci.event":
		if lit == "pull_request" {
			return 1
		}
		return -1
	case "ci.tag":
		if lit == "" {
			return 1
		}
		return -1
	case "ci.pr_number":
		if lit == "" {
			return -1
		}
	case "ci.ref":
		if branchOrTagRef(lit) {
			return -1
		}
	}
	return 0
}

// branchOrTagRef reports a ref (or glob of refs) of a branch or a tag, which a pull
// request's ref never is.
func branchOrTagRef(s string) bool {
	return strings.HasPrefix(s, "refs/heads/") || strings.HasPrefix(s, "refs/tags/")
}
