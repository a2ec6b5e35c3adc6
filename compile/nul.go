package compile

import (
	"reflect"
	"strings"

	"github.com/pipec-dev/pipec/compile/diag"
)

// rangeType is diag.Range: the walk reads it as a position, never as a value.
var rangeType = reflect.TypeFor[diag.Range]()

// checkNUL refuses a NUL character in any string of the spec, as the front ends decoded
// it: an escape ("\u0000" in HCL, CUE, JSON or YAML) gives one where the file itself holds
// none (a raw NUL byte is a syntax error there). No script, variable, name or YAML value
// can carry one: shells cut their arguments at it, platforms refuse or truncate it. One
// walk over the whole model, so that no value, present or added later, is left out; each
// string is reported at its own range (a field F beside FRange, or the nearest enclosing
// Range), once per range, and not where another check already reported an error (an
// invalid name or glob quotes the NUL as \x00).
func (c *checker) checkNUL() {
	w := nulWalk{c: c, seen: map[uintptr]bool{}, reported: map[diag.Range]bool{}}
	for _, d := range c.diags {
		if d.Severity == diag.Error {
			w.reported[d.Subject] = true
		}
	}
	w.walk(reflect.ValueOf(c.p), diag.Range{})
}

type nulWalk struct {
	c        *checker
	seen     map[uintptr]bool // pointers already walked: a value shared by two fields is walked once
	reported map[diag.Range]bool
}

func (w *nulWalk) walk(v reflect.Value, at diag.Range) {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() || w.seen[v.Pointer()] {
			return
		}
		w.seen[v.Pointer()] = true
		w.walk(v.Elem(), at)
	case reflect.Interface:
		if !v.IsNil() {
			w.walk(v.Elem(), at)
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			w.walk(v.Index(i), at)
		}
	case reflect.String:
		w.check(v.String(), at)
	case reflect.Struct:
		if v.Type() == rangeType {
			return
		}
		t := v.Type()
		for _, name := range []string{"Range", "Rng"} { // Rng: the nodes of a condition
			if f, ok := t.FieldByName(name); ok && f.Type == rangeType && len(f.Index) == 1 {
				if r := v.FieldByIndex(f.Index).Interface().(diag.Range); !r.IsZero() {
					at = r
				}
			}
		}
		for i := range t.NumField() {
			f := t.Field(i)
			if f.Type == rangeType {
				continue
			}
			here := at
			if f.Type.Kind() == reflect.String {
				if rf, ok := t.FieldByName(f.Name + "Range"); ok && rf.Type == rangeType {
					if r := v.FieldByIndex(rf.Index).Interface().(diag.Range); !r.IsZero() {
						here = r
					}
				}
			}
			w.walk(v.Field(i), here)
		}
	}
}

func (w *nulWalk) check(s string, at diag.Range) {
	if !strings.Contains(s, "\x00") || w.reported[at] {
		return
	}
	w.reported[at] = true
	w.c.diags.Errorf(at, "bad-value", `no script, variable, name or YAML value can carry a NUL character: remove the escape ("\u0000", "\x00") that writes it`, "the value holds a NUL character")
}
