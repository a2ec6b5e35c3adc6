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
	w := nulWalk{c: c, seen: map[uintptr]bool{}, reported: map[diag.Range]bool{}, layouts: map[reflect.Type]*structLayout{}}
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
	// layouts holds what the walk reads of each struct type, worked out once per type:
	// looking fields up by name for every struct of a 10,000-stage spec cost more than
	// the rest of the walk.
	layouts map[reflect.Type]*structLayout
}

// structLayout is what the walk reads of a struct type: its own position (a Range or
// Rng field: the nodes of a condition call it Rng), and the fields that may hold a
// string, each with its own position field (F beside FRange) if it has one.
type structLayout struct {
	at     int // index of the position field, -1 if none
	fields []fieldLayout
}

type fieldLayout struct {
	index int
	at    int // index of the field's FRange, -1 if none
}

func (w *nulWalk) layout(t reflect.Type) *structLayout {
	if l := w.layouts[t]; l != nil {
		return l
	}
	l := &structLayout{at: -1}
	for _, name := range []string{"Range", "Rng"} {
		if f, ok := t.FieldByName(name); ok && f.Type == rangeType && len(f.Index) == 1 {
			l.at = f.Index[0]
		}
	}
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Type == rangeType || !mayHoldString(f.Type.Kind()) {
			continue
		}
		fl := fieldLayout{index: i, at: -1}
		if f.Type.Kind() == reflect.String {
			if rf, ok := t.FieldByName(f.Name + "Range"); ok && rf.Type == rangeType && len(rf.Index) == 1 {
				fl.at = rf.Index[0]
			}
		}
		l.fields = append(l.fields, fl)
	}
	w.layouts[t] = l
	return l
}

// mayHoldString reports whether a value of kind k may hold a string the walk reads.
func mayHoldString(k reflect.Kind) bool {
	switch k {
	case reflect.String, reflect.Pointer, reflect.Interface, reflect.Slice, reflect.Array, reflect.Struct:
		return true
	}
	return false
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
		l := w.layout(v.Type())
		if l.at >= 0 {
			if r := v.Field(l.at).Interface().(diag.Range); !r.IsZero() {
				at = r
			}
		}
		for _, f := range l.fields {
			here := at
			if f.at >= 0 {
				if r := v.Field(f.at).Interface().(diag.Range); !r.IsZero() {
					here = r
				}
			}
			w.walk(v.Field(f.index), here)
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
