package diag

import (
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"
)

// Pos is a position in a source file. Line and Column are 1-based; Column counts
// characters (runes), Byte is the 0-based byte offset.
type Pos struct {
	Line   int
	Column int
	Byte   int
}

// Range is a span of a source file, End exclusive.
type Range struct {
	Filename string
	Start    Pos
	End      Pos
}

// IsZero reports whether the range was never set (a programmer error to render, but it
// must not crash: it prints without a position).
func (r Range) IsZero() bool { return r.Filename == "" && r.Start.Line == 0 }

// String renders FILE:LINE:COL.
func (r Range) String() string {
	if r.IsZero() {
		return "<unknown>"
	}
	return fmt.Sprintf("%s:%d:%d", r.Filename, r.Start.Line, r.Start.Column)
}

// Severity orders diagnostics: Error fails the command, Warning and Info do not.
type Severity int

const (
	Error Severity = iota
	Warning
	Info
)

func (s Severity) String() string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	default:
		return "info"
	}
}

// Note points at a related place, such as where a duplicate name was first declared.
type Note struct {
	Message string
	Subject Range
}

// Diagnostic is one problem found in a spec.
type Diagnostic struct {
	Severity Severity
	Code     string // stable kebab-case id: "unknown-need"
	Summary  string // lowercase, no period
	Detail   string // why, what was expected, `did you mean "build"?`
	Subject  Range
	Related  []Note
	Target   string // "" for the spec itself; "github" when only that back end objects
	// Misspelling is set on an unknown-attribute or unknown-block diagnostic whose
	// name is probably a typo of a known one.
	Misspelling *Misspelling
}

// Misspelling is what an unknown name is probably a typo of: Name, the known name the
// diagnostic suggests, in the body of the block at In; or a block the front end dropped
// because it could not decode it (a step without its name, `step = {...}`, a YAML list
// of steps), Name being the block's own name. The front ends record every one
// in the model (model.Pipeline.Misspelled), and checks for something absent ("stage has
// no steps", "missing attribute run") consult them, so that one typo gives one error
// that says "did you mean", not a second one about the name it should have been.
//
// Any, set instead of Name, is for an unknown name close to no known one, a synonym
// (`schedule` for `cron`, `after` for `needs`, `dispatch` for `manual`): it may stand
// for any of the names Any lists (those of its kind the body takes), so none of them is
// reported absent, nor is what they declare.
type Misspelling struct {
	Name string
	Any  []string
	In   Range
}

// Misspelled reports whether an unknown name was reported as a probable typo of name.
func (ds Diagnostics) Misspelled(name string) bool {
	for _, d := range ds {
		if m := d.Misspelling; m != nil && (m.Name == name || slices.Contains(m.Any, name)) {
			return true
		}
	}
	return false
}

// Misspellings lists the misspellings the diagnostics carry, in their order, one for
// each name of an Any.
func (ds Diagnostics) Misspellings() []Misspelling {
	var out []Misspelling
	for _, d := range ds {
		switch m := d.Misspelling; {
		case m == nil:
		case m.Any != nil:
			for _, name := range m.Any {
				out = append(out, Misspelling{Name: name, In: m.In})
			}
		default:
			out = append(out, *m)
		}
	}
	return out
}

// Dropped marks the errors from index from on as being about values the front end
// dropped from the body of the block at in, values the user wrote for name: checks for
// something absent consult them (see Misspelling), so that an axis of the wrong type is
// one error, not a second one saying the matrix has no axes.
func (ds Diagnostics) Dropped(from int, name string, in Range) {
	for _, d := range ds[from:] {
		if d.Severity == Error && d.Misspelling == nil {
			d.Misspelling = &Misspelling{Name: name, In: in}
		}
	}
}

func (d *Diagnostic) Error() string {
	return fmt.Sprintf("%s: %s: %s [%s]", d.Subject, d.Severity, d.Summary, d.Code)
}

// Diagnostics is a list of diagnostics; the zero value is empty and ready to use.
type Diagnostics []*Diagnostic

// HasErrors reports whether any diagnostic is an error.
func (ds Diagnostics) HasErrors() bool {
	for _, d := range ds {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// Errorf appends an error diagnostic and returns it so a caller can add notes.
func (ds *Diagnostics) Errorf(rng Range, code, detail, format string, args ...any) *Diagnostic {
	return ds.add(Error, rng, code, detail, format, args...)
}

// Warnf appends a warning diagnostic.
func (ds *Diagnostics) Warnf(rng Range, code, detail, format string, args ...any) *Diagnostic {
	return ds.add(Warning, rng, code, detail, format, args...)
}

func (ds *Diagnostics) add(sev Severity, rng Range, code, detail, format string, args ...any) *Diagnostic {
	d := &Diagnostic{Severity: sev, Code: code, Summary: fmt.Sprintf(format, args...), Detail: detail, Subject: rng}
	*ds = append(*ds, d)
	return d
}

// Append adds every diagnostic of more.
func (ds *Diagnostics) Append(more Diagnostics) { *ds = append(*ds, more...) }

// Sort orders diagnostics by file, position, then code and summary, so output is stable
// whatever order the passes found them in.
func (ds Diagnostics) Sort() {
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i].Subject, ds[j].Subject
		if a.Filename != b.Filename {
			return a.Filename < b.Filename
		}
		if a.Start.Line != b.Start.Line {
			return a.Start.Line < b.Start.Line
		}
		if a.Start.Column != b.Start.Column {
			return a.Start.Column < b.Start.Column
		}
		if ds[i].Target != ds[j].Target {
			return ds[i].Target < ds[j].Target
		}
		if ds[i].Code != ds[j].Code {
			return ds[i].Code < ds[j].Code
		}
		return ds[i].Summary < ds[j].Summary
	})
}

// Compact returns ds without the diagnostics that repeat an earlier one exactly: the
// same severity, place, target, code, words and notes. A spec that generates its stages
// (a CUE comprehension) makes one mistake at one place once per generated stage, and
// the checks report it for each; one report is enough. The order is kept.
func (ds Diagnostics) Compact() Diagnostics {
	if len(ds) < 2 {
		return ds
	}
	type key struct {
		sev                           Severity
		subject                       Range
		target, code, summary, detail string
	}
	kept := make(map[key][]*Diagnostic, len(ds))
	out := ds[:0:0]
	for _, d := range ds {
		k := key{d.Severity, d.Subject, d.Target, d.Code, d.Summary, d.Detail}
		if slices.ContainsFunc(kept[k], func(e *Diagnostic) bool { return slices.Equal(e.Related, d.Related) }) {
			continue
		}
		kept[k] = append(kept[k], d)
		out = append(out, d)
	}
	return out
}

// Difference describes the first place where ds and other differ ("" when they are the
// same diagnostics in the same order). The tests that hold work done on several cores to
// the same work done in order compare with it.
func (ds Diagnostics) Difference(other Diagnostics) string {
	for i := range min(len(ds), len(other)) {
		if !reflect.DeepEqual(ds[i], other[i]) {
			return fmt.Sprintf("diagnostic %d: %v, against %v", i, ds[i], other[i])
		}
	}
	if len(ds) != len(other) {
		return fmt.Sprintf("%d diagnostics, against %d", len(ds), len(other))
	}
	return ""
}

// Count returns the number of errors and warnings.
func (ds Diagnostics) Count() (errors, warnings int) {
	for _, d := range ds {
		switch d.Severity {
		case Error:
			errors++
		case Warning:
			warnings++
		}
	}
	return
}

// Quote renders a user's value in a summary: "name".
func Quote(s string) string { return fmt.Sprintf("%q", s) }

// List renders names as `"a", "b" or "c"` for "expected one of" details.
func List(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = Quote(n)
	}
	switch len(q) {
	case 0:
		return ""
	case 1:
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}
