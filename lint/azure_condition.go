package lint

import (
	"strings"

	"github.com/pipec-dev/pipec/compile/expr"
	"github.com/pipec-dev/pipec/compile/model"
)

// azureCondition is a stage's native "azure" condition, read as a pipec condition as far
// as its syntax shows: Build.Reason and Build.SourceBranch tests (eq, ne, in, notIn,
// startsWith) joined by and, or and not. It reaches the stage's job, below the stage's
// own condition, so the job runs only where both hold. What it does not decide (other
// variables, status functions such as succeeded()) reads as a value no scenario knows.
// It is nil when the stage has none or the azure target is not selected.
func azureCondition(p *Pass, s *model.Stage) expr.Expr {
	v := nativeKey(p, s, "azure", "condition")
	if v == nil || v.Kind != model.KindString {
		return nil
	}
	r := &azReader{src: v.Str}
	x := r.value()
	if r.skip(); x == nil || r.i != len(r.src) {
		return opaque
	}
	return x
}

// azReasons maps Azure's Build.Reason values to pipec's ci.event values; other reasons
// are never one pipec's triggers start.
var azReasons = map[string]string{"individualci": "push", "batchedci": "push", "pullrequest": "pull_request", "schedule": "schedule", "manual": "manual"}

// azReader reads an Azure expression: a function call, a 'string', true or false, or a
// variable (variables['Build.Reason'], variables.Build.Reason).
type azReader struct {
	src string
	i   int
}

func (r *azReader) skip() {
	for r.i < len(r.src) && strings.ContainsRune(" \t\r\n", rune(r.src[r.i])) {
		r.i++
	}
}

// value reads one operand; a *azVar stands for a variable until a comparison uses it.
func (r *azReader) value() expr.Expr {
	r.skip()
	if r.i < len(r.src) && r.src[r.i] == '\'' {
		end := strings.IndexByte(r.src[r.i+1:], '\'')
		if end < 0 {
			return nil
		}
		s := r.src[r.i+1 : r.i+1+end]
		r.i += end + 2
		return &expr.StringLit{Value: s}
	}
	start := r.i
	for r.i < len(r.src) && (isWordByte(r.src[r.i]) || r.src[r.i] == '.') {
		r.i++
	}
	word := r.src[start:r.i]
	if word == "" {
		return nil
	}
	if strings.EqualFold(word, "variables") && strings.HasPrefix(r.src[r.i:], "['") {
		end := strings.Index(r.src[r.i:], "']")
		if end < 0 {
			return nil
		}
		name := r.src[r.i+2 : r.i+end]
		r.i += end + 2
		return azVar(name)
	}
	if v, ok := strings.CutPrefix(strings.ToLower(word), "variables."); ok {
		return azVar(v)
	}
	r.skip()
	if r.i >= len(r.src) || r.src[r.i] != '(' {
		switch strings.ToLower(word) {
		case "true", "false":
			return &expr.BoolLit{Value: strings.EqualFold(word, "true")}
		}
		return opaque
	}
	r.i++
	var args []expr.Expr
	for {
		r.skip()
		if r.i < len(r.src) && r.src[r.i] == ')' {
			r.i++
			break
		}
		a := r.value()
		if a == nil {
			return nil
		}
		args = append(args, a)
		r.skip()
		if r.i < len(r.src) && r.src[r.i] == ',' {
			r.i++
		}
	}
	return azCall(strings.ToLower(word), args)
}

func isWordByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// azVar is a variable the scenarios know (Build.Reason as ci.event, Build.SourceBranch
// as ci.ref, marked by their Azure names), or opaque.
func azVar(name string) expr.Expr {
	switch strings.ToLower(name) {
	case "build.reason":
		return ciRef("azure.reason")
	case "build.sourcebranch":
		return ciRef("ci.ref")
	}
	return opaque
}

// azCall translates a function call; Azure compares strings without case.
func azCall(fn string, args []expr.Expr) expr.Expr {
	switch {
	case fn == "and" && len(args) >= 2, fn == "or" && len(args) >= 2:
		op := map[string]string{"and": "&&", "or": "||"}[fn]
		x := azLogic(args[0])
		for _, a := range args[1:] {
			x = &expr.Binary{Op: op, X: x, Y: azLogic(a)}
		}
		return x
	case fn == "not" && len(args) == 1:
		return &expr.Not{X: azLogic(args[0])}
	case (fn == "eq" || fn == "ne") && len(args) == 2:
		x := azEq(args[0], args[1])
		if fn == "ne" {
			return &expr.Not{X: x}
		}
		return x
	case (fn == "in" || fn == "notin") && len(args) >= 2:
		var x expr.Expr = &expr.BoolLit{Value: false}
		for _, a := range args[1:] {
			x = &expr.Binary{Op: "||", X: x, Y: azEq(args[0], a)}
		}
		if fn == "notin" {
			return &expr.Not{X: x}
		}
		return x
	case fn == "startswith" && len(args) == 2:
		if ref, ok := args[0].(*expr.RefExpr); ok && ref.Ref.String() == "ci.ref" {
			if lit, ok := args[1].(*expr.StringLit); ok {
				return &expr.Call{Func: "startswith", Args: []expr.Expr{args[0], lit}}
			}
		}
	}
	return opaque
}

// azLogic is an operand of and, or and not: a variable or string tested on its own is
// not decided.
func azLogic(x expr.Expr) expr.Expr {
	switch x := x.(type) {
	case *expr.RefExpr, *expr.StringLit:
		return opaque
	default:
		return x
	}
}

// azEq is eq(a, b): Build.Reason against a reason becomes a test of ci.event, and
// Build.SourceBranch a test of ci.ref.
func azEq(a, b expr.Expr) expr.Expr {
	if _, ok := a.(*expr.StringLit); ok {
		a, b = b, a
	}
	ref, ok := a.(*expr.RefExpr)
	lit, lok := b.(*expr.StringLit)
	if !ok || !lok {
		return opaque
	}
	switch ref.Ref.String() {
	case "azure.reason":
		ev, ok := azReasons[strings.ToLower(lit.Value)]
		if !ok {
			return &expr.BoolLit{Value: false}
		}
		return &expr.Binary{Op: "==", X: ciRef("ci.event"), Y: &expr.StringLit{Value: ev}}
	case "ci.ref":
		return &expr.Binary{Op: "==", X: ref, Y: lit}
	}
	return opaque
}
