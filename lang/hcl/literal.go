package hcl

import (
	"fmt"

	hclv2 "github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/pipec-dev/pipec/compile/model"
)

// This file decodes maps and literal values of any shape.

// objectKey decodes a map key: a name (NAME = ...) or a quoted string ("NAME" = ...).
func (d *decoder) objectKey(k hclsyntax.Expression) (string, bool) {
	if ck, ok := k.(*hclsyntax.ObjectConsKeyExpr); ok {
		if !ck.ForceNonLiteral {
			if kw := hclv2.ExprAsKeyword(ck.Wrapped); kw != "" {
				return kw, true
			}
		}
		k = ck.Wrapped
	}
	if val, part, isString := literalString(k); isString && part == nil {
		return val, true
	}
	d.errorf(k.Range(), "wrong-type", "a key is a name or a quoted string", "invalid map key")
	return "", false
}

// keys tracks a map's keys to report duplicates with a pointer to the first.
type keys map[string]hclv2.Range

func (d *decoder) uniqueKey(seen keys, key string, r hclv2.Range, name string) bool {
	if first, dup := seen[key]; dup {
		dd := d.errorf(r, "duplicate-key", "each key may appear once in a map", "duplicate key %q in %q", key, name)
		d.firstHere(dd, first)
		return false
	}
	seen[key] = r
	return true
}

// object is the ObjectConsExpr of a map attribute, or a wrong-type report.
func (d *decoder) object(a *hclsyntax.Attribute, want, example string) (*hclsyntax.ObjectConsExpr, bool) {
	obj, ok := a.Expr.(*hclsyntax.ObjectConsExpr)
	if !ok {
		d.wrongType(a.Expr.Range(), a.Name, want, fmt.Sprintf("write %s = %s", a.Name, example))
	}
	return obj, ok
}

// env decodes env = { NAME = "value" } in source order.
func (d *decoder) env(a *hclsyntax.Attribute) []*model.EnvVar {
	obj, ok := d.object(a, "a map of strings", `{ NAME = "value" }`)
	if !ok {
		return nil
	}
	out := []*model.EnvVar{}
	seen := keys{}
	for _, item := range obj.Items {
		name, ok := d.objectKey(item.KeyExpr)
		if !ok || !d.uniqueKey(seen, name, item.KeyExpr.Range(), a.Name) {
			continue
		}
		val, ok := d.template(name, item.ValueExpr, true)
		if !ok {
			continue
		}
		out = append(out, &model.EnvVar{
			Name:      name,
			NameRange: d.toRange(item.KeyExpr.Range()),
			Value:     val,
			Range:     d.toRange(hclv2.RangeBetween(item.KeyExpr.Range(), item.ValueExpr.Range())),
		})
	}
	return out
}

// value decodes a literal of any shape: input defaults, matrix values, native bodies.
// Numbers keep the text as written, so 3.10 stays "3.10".
func (d *decoder) value(name string, e hclsyntax.Expression) (*model.Value, bool) {
	v := &model.Value{Range: d.toRange(e.Range())}
	switch e := e.(type) {
	case *hclsyntax.LiteralValueExpr:
		return d.literalValue(name, e, v)
	case *hclsyntax.UnaryOpExpr:
		if n, ok := e.Val.(*hclsyntax.LiteralValueExpr); ok && e.Op == hclsyntax.OpNegate && !n.Val.IsNull() && n.Val.Type().Equals(cty.Number) {
			v.Kind, v.Str = model.KindNumber, "-"+d.text(n.SrcRange)
			return v, true
		}
	case *hclsyntax.TemplateExpr, *hclsyntax.TemplateWrapExpr:
		s, ok := d.plain(name, e, "a literal value")
		if !ok {
			return nil, false
		}
		v.Kind, v.Str = model.KindString, s.Value
		return v, true
	case *hclsyntax.TupleConsExpr:
		v.Kind, v.List = model.KindList, []*model.Value{}
		ok := true
		for _, el := range e.Exprs {
			x, elOK := d.value(name, el)
			if elOK {
				v.List = append(v.List, x)
			}
			ok = ok && elOK
		}
		return v, ok
	case *hclsyntax.ObjectConsExpr:
		v.Kind = model.KindMap
		entries, ok := d.entries(name, e)
		v.Map = entries
		return v, ok
	}
	d.wrongType(e.Range(), name, "a literal value",
		"expected a string, number, true/false, null, list or map; references cannot be used here")
	return nil, false
}

func (d *decoder) literalValue(name string, e *hclsyntax.LiteralValueExpr, v *model.Value) (*model.Value, bool) {
	switch {
	case e.Val.IsNull():
		v.Kind = model.KindNull
	case !e.Val.IsKnown():
		d.wrongType(e.Range(), name, "a literal value", "expected a string, number, true/false, null, list or map")
		return nil, false
	case e.Val.Type().Equals(cty.Bool):
		v.Kind, v.Bool = model.KindBool, e.Val.True()
	case e.Val.Type().Equals(cty.Number):
		v.Kind, v.Str = model.KindNumber, d.text(e.SrcRange)
	default:
		s, _ := stringLit(e)
		v.Kind, v.Str = model.KindString, s
	}
	return v, true
}

// entries decodes the keys of a literal map in source order.
func (d *decoder) entries(name string, obj *hclsyntax.ObjectConsExpr) ([]*model.Entry, bool) {
	out := []*model.Entry{}
	seen := keys{}
	ok := true
	for _, item := range obj.Items {
		key, keyOK := d.objectKey(item.KeyExpr)
		if !keyOK || !d.uniqueKey(seen, key, item.KeyExpr.Range(), name) {
			ok = false
			continue
		}
		val, valOK := d.value(key, item.ValueExpr)
		if !valOK {
			ok = false
			continue
		}
		out = append(out, &model.Entry{Key: key, KeyRange: d.toRange(item.KeyExpr.Range()), Value: val})
	}
	return out, ok
}

// scalar checks that a matrix value is a string, number or bool.
func (d *decoder) scalar(name string, v *model.Value) bool {
	switch v.Kind {
	case model.KindString, model.KindNumber, model.KindBool:
		return true
	}
	d.diags.Errorf(v.Range, "wrong-type", "matrix values are strings, numbers or true/false",
		"%q must be a list of strings, numbers or booleans", name)
	return false
}
