package hcl

import (
	"fmt"
	"strconv"
	"strings"

	hclv2 "github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/pipec-dev/pipec/compile/expr"
	"github.com/pipec-dev/pipec/lang/build"
)

// This file decodes the values that hold references: templates (run, image, env values)
// and `when` conditions. Their exact source text goes to compile/expr, never to HCL's
// evaluator.

// isDirective tells a template directive (%{ if }, %{ for }) from an interpolation: HCL
// gives both as template parts, but only a directive's range starts at its "%{".
func (d *decoder) isDirective(part hclsyntax.Expression) bool {
	return strings.HasPrefix(d.text(part.Range()), "%{")
}

func (d *decoder) directive(name string, part hclsyntax.Expression) {
	d.errorf(part.Range(), "template-directive",
		`pipec strings only interpolate references such as ${ci.commit_sha}; write %%{ for a literal "%{"`,
		"template directives are not supported in %q", name)
}

// noInterpolation reports a ${...} (or directive) in a value that must be plain text.
func (d *decoder) noInterpolation(name string, part hclsyntax.Expression) {
	if d.isDirective(part) {
		d.directive(name, part)
		return
	}
	d.errorf(part.Range(), "interpolation-not-allowed",
		fmt.Sprintf(`%q is plain text: references cannot be used here; write $${ for a literal "${"`, name),
		"interpolation is not allowed in %q", name)
}

// template decodes a string that may interpolate references: run, image, env values.
// scalars lets a bare number or bool stand for its text, as env values may.
func (d *decoder) template(name string, e hclsyntax.Expression, scalars bool) (expr.Template, bool) {
	t := expr.Template{Range: d.toRange(e.Range())}
	switch e := e.(type) {
	case *hclsyntax.TemplateExpr:
		return d.templateParts(name, e.Parts, t)
	case *hclsyntax.TemplateWrapExpr: // "${ci.commit_sha}" alone
		return d.templateParts(name, []hclsyntax.Expression{e.Wrapped}, t)
	case *hclsyntax.LiteralValueExpr:
		if s, ok := d.scalarText(e, scalars); ok {
			return expr.Literal(s, t.Range), true
		}
		d.wrongType(e.Range(), name, "a string", `expected a quoted string, which may use references such as "${ci.commit_sha}"`)
		return t, false
	case *hclsyntax.ObjectConsExpr:
		detail := `expected a quoted string, which may use references such as "${ci.commit_sha}"`
		if name == "image" {
			image := ""
			for _, item := range e.Items {
				key := strings.Trim(d.text(item.KeyExpr.Range()), `"`)
				if v, part, _ := literalString(item.ValueExpr); key == "name" && part == nil {
					image = v
				}
			}
			detail = build.ImageObjectHint(image)
		}
		d.wrongType(e.Range(), name, "a string", detail)
		return t, false
	case *hclsyntax.TupleConsExpr:
		d.wrongType(e.Range(), name, "a string", `expected a quoted string, which may use references such as "${ci.commit_sha}"`)
		return t, false
	}
	// A bare reference: secret.codecov_token, or stage.check-drift.outputs.x, which HCL
	// reads as a subtraction; expr parses the text as written.
	ref := d.ref(e)
	if ref == nil {
		return t, false
	}
	t.Parts = []expr.Part{{Ref: ref}}
	return t, true
}

// templatePtr is template for an optional attribute the model keeps as a pointer.
func (d *decoder) templatePtr(a *hclsyntax.Attribute) *expr.Template {
	if t, ok := d.template(a.Name, a.Expr, false); ok {
		return &t
	}
	return nil
}

// scalarText is a literal's text: a string's value, or, when scalars allows it, a number
// as written and a bool as true/false.
func (d *decoder) scalarText(lit *hclsyntax.LiteralValueExpr, scalars bool) (string, bool) {
	switch {
	case lit.Val.IsNull() || !lit.Val.IsKnown():
		return "", false
	case lit.Val.Type().Equals(cty.String):
		return lit.Val.AsString(), true
	case scalars && lit.Val.Type().Equals(cty.Number):
		return d.text(lit.SrcRange), true
	case scalars && lit.Val.Type().Equals(cty.Bool):
		return strconv.FormatBool(lit.Val.True()), true
	}
	return "", false
}

// templateParts turns HCL's template parts into ours: literal text stays (HCL already
// turned $${ into ${), each interpolation becomes a reference parsed from its exact
// source, and directives are refused.
func (d *decoder) templateParts(name string, parts []hclsyntax.Expression, t expr.Template) (expr.Template, bool) {
	ok := true
	for _, p := range parts {
		if s, isLit := stringLit(p); isLit {
			t.Parts = appendLit(t.Parts, s)
			continue
		}
		if d.isDirective(p) {
			d.directive(name, p)
			ok = false
			continue
		}
		if ref := d.ref(p); ref != nil {
			t.Parts = append(t.Parts, expr.Part{Ref: ref})
		} else {
			ok = false
		}
	}
	return t, ok
}

// appendLit adds literal text, merging it into a literal before it so that templates
// compare equal whichever front end produced them.
func appendLit(parts []expr.Part, s string) []expr.Part {
	if s == "" {
		return parts
	}
	if n := len(parts); n > 0 && parts[n-1].Ref == nil {
		parts[n-1].Lit += s
		return parts
	}
	return append(parts, expr.Part{Lit: s})
}

// ref parses the exact source text of e as one reference.
func (d *decoder) ref(e hclsyntax.Expression) *expr.Ref {
	r := e.Range()
	ref, ds := expr.ParseRef(d.text(r), expr.Source{Filename: d.filename, Start: d.toPos(r.Start)})
	d.diags.Append(ds)
	if ds.HasErrors() {
		return nil
	}
	return ref
}

// condition decodes `when`. Written bare (when = ci.branch == "main"), its exact source
// text is parsed; written as a string, CUE style (when = "ci.branch == \"main\""), its
// value is.
func (d *decoder) condition(a *hclsyntax.Attribute) expr.Expr {
	e := a.Expr
	val, part, isString := literalString(e)
	if part != nil {
		d.errorf(part.Range(), "interpolation-not-allowed",
			`write the condition itself, without quotes or ${ }: when = ci.branch == "main"`,
			"interpolation is not allowed in %q", a.Name)
		return nil
	}
	start := d.toPos(e.Range().Start)
	src := d.text(e.Range())
	if isString {
		if strings.HasPrefix(src, `"`) {
			start.Byte++
			start.Column++
		}
		src = val
	} else {
		src = blankComments(src, e.Range().Start)
	}
	x, ds := expr.ParseExpr(src, expr.Source{Filename: d.filename, Start: start})
	d.diags.Append(ds)
	build.NFCCondition(x)
	return x
}

// blankComments replaces the comments of a multi-line condition with spaces, so that
// expr sees only the condition and every position after a comment stays where it was.
func blankComments(src string, start hclv2.Pos) string {
	tokens, _ := hclsyntax.LexExpression([]byte(src), "", start)
	b := []byte(src)
	for _, tok := range tokens {
		if tok.Type != hclsyntax.TokenComment {
			continue
		}
		from, to := tok.Range.Start.Byte-start.Byte, tok.Range.End.Byte-start.Byte
		for i := max(from, 0); i < min(to, len(b)); i++ {
			if b[i] != '\n' {
				b[i] = ' '
			}
		}
	}
	return string(b)
}
