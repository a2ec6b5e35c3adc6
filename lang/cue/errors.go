package cue

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"cuelang.org/go/cue"
	"cuelang.org/go/cue/ast"
	cueerrors "cuelang.org/go/cue/errors"

	"github.com/pipec-dev/pipec/compile/diag"
)

// cueDiag is a diagnostic from CUE's evaluator with the path of the value it is about.
type cueDiag struct {
	*diag.Diagnostic
	path string
}

// cueErrors turns CUE's evaluation errors into diagnostics at the user's file, line and
// column (CUE lists every position an error involves, the schema's among them; only the
// spec's own are shown). seen holds diagnostics already made, which are not repeated.
// schema tells whether err is of the spec unified with the language's schema, or of the
// spec alone, whose structs only its own definitions close.
func (d *decoder) cueErrors(err error, seen []cueDiag, schema bool) []cueDiag {
	var out []cueDiag
	dup := func(c cueDiag) bool {
		for _, o := range append(seen, out...) {
			// One value's error at one place is one error, whichever check words it (the
			// schema's repeats the spec's own); an error in a definition is one per use:
			// they differ in the note.
			// A field a closed struct of the spec's refuses (in a template, for every
			// use of it) is one the schema does not know either.
			refused := o.Code == "field-not-allowed" && c.Code == "unknown-attribute" && usedAt(o.Diagnostic).IsZero()
			if o.Subject == c.Subject && (refused || (o.Code == c.Code || o.path == c.path) && usedAt(o.Diagnostic) == usedAt(c.Diagnostic)) {
				return true
			}
		}
		return false
	}
	disjunction := map[string]*disjunct{} // by path: the failed disjunction's one error
	conflicts := map[string]bool{}        // by path: the spec's own conflicts, in seen
	for _, c := range seen {
		if c.Code == "conflicting-values" {
			conflicts[c.path] = true
		}
	}
	for _, e := range cueerrors.Errors(err) {
		format, args := e.Msg()
		msg := fmt.Sprintf(format, args...)
		path := strings.Join(unquote(e.Path()), pathSep)
		if schema && conflicts[path] {
			// The value is already wrong in the spec alone (two lists that conflict at
			// one element): what the schema says of it (that the conflict is none of a
			// string, a number or a bool) is about CUE's error, not the spec.
			continue
		}
		if strings.HasSuffix(format, "errors in empty disjunction:") {
			disjunction[path] = &disjunct{}
			continue
		}
		if dj := disjunction[path]; dj != nil && strings.HasPrefix(format, "conflicting values") && len(args) == 2 {
			// Each of the disjunction's values conflicts with the one given: one error,
			// which names them all, not one per value.
			if dj.add(args) {
				continue
			}
		}
		var code, summary, detail string
		switch {
		case format == "field is required but not present" && d.userPositions(e) > 0:
			// Required by the spec itself (a template's image!: string), which the
			// decoder cannot know of; the language's required fields are the schema's,
			// whose positions are not the spec's.
			code, summary = "missing-attribute", fmt.Sprintf("missing field %q, which the spec marks required", last(e.Path()))
			detail = "a field written name!: type must be given a value where the struct is used"
		case format == "field is required but not present",
			strings.Contains(msg, "does not satisfy struct.MaxFields") && d.userPositions(e) < 2,
			strings.HasSuffix(format, "errors in empty disjunction:"):
			// The decoder reports missing attributes and repeated blocks (the schema's
			// strategy: struct.MaxFields(1), whose validator is not in the spec) itself,
			// at the block; a failed disjunction's own errors follow it. A MaxFields
			// the spec writes is its own constraint, reported below.
			continue
		case format == "field not allowed" && !schema:
			// The spec alone closes structs only with its own definitions (#Stage:
			// {...} allows the fields it declares), whatever the language allows.
			// CUE closes a struct for a definition (#Step: {...}) and for close({...})
			// alike, and its error does not say which.
			code, summary = "field-not-allowed", fmt.Sprintf("field %q is not allowed by the closed struct used here", last(e.Path()))
			detail = "a definition (#Name: {...}) and close({...}) allow only the fields they declare: declare the field there (name?: type), or leave the struct open (... in a definition, no close)"
		case format == "field not allowed":
			code, summary = "unknown-attribute", fmt.Sprintf("field %q is not allowed here", last(e.Path()))
			detail = "the language's schema has no such field here"
		case strings.HasPrefix(format, "conflicting values") && strings.Contains(format, "mismatched types") && d.userPositions(e) < 2:
			code, summary = "wrong-type", lowerFirst(msg)
			detail = "the language's schema expects another type here"
		case strings.HasPrefix(format, "conflicting values"):
			code, summary = "conflicting-values", lowerFirst(msg)
			detail = "CUE unifies every value given for a field: they must agree"
		case strings.HasPrefix(format, "incomplete value"), strings.Contains(msg, "non-concrete value"):
			code, summary = "incomplete-value", lowerFirst(msg)
			detail = "every field of a spec needs a concrete value: a string, number, list or struct, not a type"
			if cycle := d.referenceCycle(e.Path()); cycle != "" {
				// Unified with the schema, the fields of a cycle are its type alone
				// ("incomplete value string | number | bool"), which says nothing of why.
				code, summary = "reference-cycle", cycle
				detail = "each field takes its value from the next: give one of them a value of its own"
				if strings.HasSuffix(cycle, "itself") {
					detail = "the field takes its value from itself: give it a value of its own"
				}
			} else if within(d.tagged, d.errorPos(e)) {
				detail = `pipec sets no @tag values (it has no "cue -t"): give the field a default, such as *"1.0" | string @tag(NAME)`
			}
		case strings.HasPrefix(format, "invalid value") && (strings.Contains(msg, "(out of bound") || strings.Contains(msg, "(does not satisfy")):
			// A bound or validator the spec wrote (=~"^golang:", strings.MaxRunes(12),
			// >=1) that a value breaks.
			code, summary = "invalid-value", lowerFirst(msg)
			detail = "the value does not satisfy a constraint the spec puts on it"
			if d.userPositions(e) < 2 {
				detail = "the language's schema does not allow this value"
			}
		case isUndefinedReference(format):
			code, summary, detail = "undefined-reference", lowerFirst(msg), d.referenceDetail(format, args)
		default:
			code, summary = "cue-error", lowerFirst(msg)
		}
		dd := &diag.Diagnostic{Severity: diag.Error, Code: code, Summary: summary, Detail: detail,
			Subject: d.errorPos(e)}
		if code == "field-not-allowed" || code == "unknown-attribute" {
			// CUE places the error at the label's first character alone.
			dd.Subject = d.srcs.label(dd.Subject)
		}
		also := "also set here"
		if code == "invalid-value" {
			also = "constrained here"
		}
		for _, p := range d.userPosList(e)[min(1, len(d.userPosList(e))):] {
			if code == "conflicting-values" && d.notAValue(p, msg) {
				continue
			}
			dd.Related = append(dd.Related, diag.Note{Message: also, Subject: p})
		}
		if r, ok := d.enclosing(e.Path(), dd.Subject); ok {
			dd.Related = append(dd.Related, diag.Note{Message: usedHere, Subject: r})
			if code == "conflicting-values" && disjunction[path] == nil { // a disjunction's: see valueFirst
				d.ownValueFirst(dd)
			}
		}
		c := cueDiag{Diagnostic: dd, path: path}
		if dj := disjunction[path]; dj != nil && dj.diag == nil && code == "conflicting-values" {
			dj.diag = dd
		}
		if !dup(c) {
			out = append(out, c)
		}
	}
	for path, dj := range disjunction {
		// A disjunction with a bound or validator among its values (timeout: *"15m" |
		// =~"^[0-9]+m$", given "2h") fails as a conflict with each value and as the
		// bound's invalid value: one error, the bound's, whose notes show the
		// disjunction.
		if dj.diag != nil && slices.ContainsFunc(append(seen, out...), func(c cueDiag) bool { return c.path == path && c.Code == "invalid-value" }) {
			out = slices.DeleteFunc(out, func(c cueDiag) bool { return c.Diagnostic == dj.diag })
			continue
		}
		if given := dj.summarize(); given != "" {
			if d.given == nil {
				d.given = map[*diag.Diagnostic]string{}
			}
			d.given[dj.diag] = given
		}
	}
	return out
}

// notAValue tells whether a position CUE gives for a conflict between msg's values is
// none of them: a comprehension's clause (for x in ..., if ...) or, when neither value
// is a struct, a struct's brace. CUE names the struct around a comprehension among a
// conflict's positions, which is not where either value is set.
func (d *decoder) notAValue(r diag.Range, msg string) bool {
	for _, kw := range []string{"for ", "for\t", "if ", "if\t", "let "} {
		if d.startsWith(r, kw) {
			return true
		}
	}
	return d.startsWith(r, "{") && !strings.Contains(msg, "{") && !strings.Contains(msg, "struct")
}

// ownValueFirst shows a conflict between a template's value and one the spec writes
// where it uses the template (#Linux: runner: "linux", and runner: "macos" in a stage
// unified with it) at the spec's own value, with the template's as a note: the value
// written for that one use is the one that differs, and it says which use it is (so
// the note at the use goes, as does CUE's position at the template's name there).
func (d *decoder) ownValueFirst(dd *diag.Diagnostic) {
	use := usedAt(dd)
	for _, n := range dd.Related {
		if n.Message != "also set here" || d.inDefinition(n.Subject) || n.Subject.Start == use.Start && n.Subject.Filename == use.Filename {
			continue
		}
		own := n.Subject
		notes := []diag.Note{{Message: "also set here", Subject: dd.Subject}}
		for _, m := range dd.Related {
			if m.Message == usedHere || m.Subject.Filename == use.Filename && m.Subject.Start == use.Start || m.Subject == own {
				continue
			}
			notes = append(notes, m)
		}
		dd.Subject, dd.Related = own, notes
		return
	}
}

// valueFirst shows a failed disjunction at the value it was given, with the
// disjunction as a note, as a value out of a bound is shown. CUE lists the disjunction
// first; in a definition (#Step: shell?: "bash" | "sh") that is one line for every use,
// and not the text to change. It runs once the checks' diagnostics are merged, which
// tell repeats apart by their positions as CUE gives them.
func (d *decoder) valueFirst(dd *diag.Diagnostic) {
	given, ok := d.given[dd]
	if !ok {
		return
	}
	for i, n := range dd.Related {
		if n.Message != "also set here" || !d.startsWith(n.Subject, given) {
			continue
		}
		dd.Subject, dd.Related[i].Subject = n.Subject, dd.Subject
		notes := dd.Related[:0]
		for _, n := range dd.Related {
			switch {
			case n.Message == "also set here":
				n.Message = "constrained here"
			case n.Message == usedHere && !d.inDefinition(dd.Subject):
				continue // the value itself says which use of a definition is wrong
			}
			notes = append(notes, n)
		}
		dd.Related = notes
		return
	}
}

// startsWith tells whether the spec's text at r starts with text.
func (d *decoder) startsWith(r diag.Range, text string) bool {
	s := d.srcs[r.Filename]
	return s != nil && r.Start.Byte <= len(s.src) && bytes.HasPrefix(s.src[r.Start.Byte:], []byte(text))
}

// disjunct gathers the errors of one failed disjunction ("linux" | "macos" given
// "windows"): CUE reports one conflict per value of the disjunction.
type disjunct struct {
	diag   *diag.Diagnostic
	values [][2]any // each conflict's two values
}

// add records one conflict; it reports whether the disjunction already has its
// diagnostic, so that this conflict makes no other.
func (dj *disjunct) add(args []any) bool {
	dj.values = append(dj.values, [2]any{args[0], args[1]})
	return dj.diag != nil
}

// summarize words the disjunction's diagnostic after all its conflicts: the value given
// is the one every conflict shares, the others are the disjunction's. It returns the
// value given, or "".
func (dj *disjunct) summarize() string {
	if dj.diag == nil || len(dj.values) < 2 {
		return ""
	}
	given := ""
	for _, cand := range dj.values[0] {
		c := fmt.Sprint(cand)
		shared := true
		for _, v := range dj.values[1:] {
			shared = shared && (fmt.Sprint(v[0]) == c || fmt.Sprint(v[1]) == c)
		}
		if shared {
			given = c
			break
		}
	}
	if given == "" {
		return ""
	}
	var options []string
	for _, v := range dj.values {
		if o := fmt.Sprint(v[0]); o != given {
			options = append(options, o)
		} else {
			options = append(options, fmt.Sprint(v[1]))
		}
	}
	dj.diag.Summary = fmt.Sprintf("conflicting values %s and %s", given, strings.Join(options, " | "))
	return given
}

// isUndefinedReference tells CUE's errors about a reference to nothing: an identifier
// that names nothing in scope (reported when the files are built), or a field that a
// struct does not have (when they are evaluated).
func isUndefinedReference(format string) bool {
	return strings.HasPrefix(format, "reference") && strings.Contains(format, "not found") ||
		strings.HasPrefix(format, "undefined field")
}

// referenceDetail is the detail of an undefined reference: a "did you mean" when the
// files declare a name close to it, of its kind (#Definition, _hidden or another), else
// what a reference is.
func (d *decoder) referenceDetail(format string, args []any) string {
	if format != "reference %q not found" || len(args) == 0 {
		return undefinedReferenceDetail
	}
	name, ok := args[0].(string)
	if !ok || slices.Contains(pipecRoots, name) {
		return undefinedReferenceDetail // image: ci.commit_sha, meant as pipec's reference
	}
	if s := diag.DidYouMean(name, d.declaredNames(nameKind(name))); s != "" {
		return s
	}
	return undefinedReferenceDetail
}

// pipecRoots are the first names of pipec's references, which a spec writes in strings.
var pipecRoots = []string{"ci", "matrix", "input", "secret", "stage", "deploy"}

// nameKind is the kind of a CUE name: "#" for a definition, "_" for a hidden field or
// definition, "" for another.
func nameKind(name string) string {
	switch {
	case isDefinition(name):
		return "#"
	case strings.HasPrefix(name, "_"):
		return "_"
	}
	return ""
}

// declaredNames lists the names of one kind the spec's files declare, as fields, let
// clauses or aliases, in the order written. It is walked only for an error.
func (d *decoder) declaredNames(kind string) []string {
	var names []string
	seen := map[string]bool{}
	add := func(id *ast.Ident) {
		if id != nil && nameKind(id.Name) == kind && !seen[id.Name] {
			seen[id.Name] = true
			names = append(names, id.Name)
		}
	}
	for _, af := range d.astFiles {
		ast.Walk(af, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.Field:
				if id, ok := n.Label.(*ast.Ident); ok {
					add(id)
				}
			case *ast.LetClause:
				add(n.Ident)
			case *ast.Alias:
				add(n.Ident)
			}
			return true
		}, nil)
	}
	return names
}

const undefinedReferenceDetail = "a CUE reference names a field or definition of the spec; pipec references such as ci.commit_sha are written in strings: \"${ci.commit_sha}\""

// userPosList lists an error's positions that lie in the spec's files.
func (d *decoder) userPosList(e cueerrors.Error) []diag.Range {
	var out []diag.Range
	ps := e.InputPositions()
	if p := e.Position(); p.IsValid() {
		ps = append(ps, p)
	}
	seen := map[diag.Pos]bool{}
	for _, p := range ps {
		l := d.srcs.loc(p)
		if !l.ok {
			continue
		}
		r := d.srcs.rng(l, loc{})
		if !seen[r.Start] {
			seen[r.Start] = true
			out = append(out, r)
		}
	}
	return out
}

func (d *decoder) userPositions(e cueerrors.Error) int { return len(d.userPosList(e)) }

// firstUserPos is where an error is reported: its first position in the spec's files, or
// the start of filename.
func (d *decoder) firstUserPos(e cueerrors.Error, filename string) diag.Range {
	if ps := d.userPosList(e); len(ps) > 0 {
		return ps[0]
	}
	return fileStart(filename)
}

// usedHere is the note at the value that uses a definition an error is in.
const usedHere = "in the value written here"

// usedAt is where a diagnostic's usedHere note points, if it has one.
func usedAt(dd *diag.Diagnostic) diag.Range {
	for _, n := range dd.Related {
		if n.Message == usedHere {
			return n.Subject
		}
	}
	return diag.Range{}
}

// errorPos is where a CUE error is reported: its first position in the spec's files, or
// else where the spec writes the value it is about (or the nearest value around it), or
// else the start of the first file. Unified with the schema, a value the spec leaves
// open by a cycle (a: b, b: a) is "incomplete" at the schema's field alone.
func (d *decoder) errorPos(e cueerrors.Error) diag.Range {
	if ps := d.userPosList(e); len(ps) > 0 {
		return ps[0]
	}
	for path := unquote(e.Path()); ; path = path[:len(path)-1] {
		if r, ok := d.valueAt[strings.Join(path, pathSep)]; ok {
			return r
		}
		if len(path) == 0 {
			return fileStart(d.first)
		}
	}
}

// enclosing is where the spec writes the nearest value around path's that lies outside
// every definition, when r lies in a definition: the stage that uses #Stage when the
// error is in #Stage's text, whose line alone does not say which of the stages using it
// is wrong.
func (d *decoder) enclosing(path []string, r diag.Range) (diag.Range, bool) {
	if !d.inDefinition(r) {
		return diag.Range{}, false
	}
	p := unquote(path)
	for i := len(p) - 1; i > 0; i-- {
		if a, ok := d.valueAt[strings.Join(p[:i], pathSep)]; ok && !d.inDefinition(a) {
			return a, true
		}
	}
	return diag.Range{}, false
}

// inDefinition tells whether r starts in the text of a definition (#Stage: ...).
func (d *decoder) inDefinition(r diag.Range) bool { return within(d.definitions, r) }

// within tells whether r starts in one of texts.
func within(texts []diag.Range, r diag.Range) bool {
	for _, t := range texts {
		if t.Filename == r.Filename && t.Start.Byte <= r.Start.Byte && r.Start.Byte < t.End.Byte {
			return true
		}
	}
	return false
}

func last(path []string) string {
	if len(path) == 0 {
		return ""
	}
	return unquote(path[len(path)-1:])[0]
}

func unquote(path []string) []string {
	out := make([]string, len(path))
	for i, s := range path {
		if u, err := strconv.Unquote(s); err == nil {
			s = u
		}
		out[i] = s
	}
	return out
}

// merge adds CUE's diagnostics the decoder has not already made in its own words: none
// about a value the decoder reported a shape error for, or about anything inside it.
func (d *decoder) merge(cds []cueDiag) {
	// Only the decoder's own diagnostics cover CUE's: two of CUE's at one place (an error
	// in a definition, once per value that uses it) are both kept.
	own := d.diags
	for _, c := range cds {
		if coveredByDecoder(own, d.shapeErrs, c) {
			continue
		}
		if (c.Code == "incomplete-value" || c.Code == "missing-attribute") && d.misspelt[c.path] {
			continue
		}
		d.valueFirst(c.Diagnostic)
		d.diags = append(d.diags, c.Diagnostic)
	}
}

func coveredByDecoder(own diag.Diagnostics, shapeErrs map[string]bool, c cueDiag) bool {
	for p := range shapeErrs {
		if c.path == p || strings.HasPrefix(c.path, p+pathSep) || strings.HasPrefix(p, c.path+pathSep) {
			return true
		}
	}
	for _, dd := range own {
		if dd.Subject.Filename == c.Subject.Filename && dd.Subject.Start == c.Subject.Start {
			return true
		}
	}
	return false
}

// referenceCycle words the cycle of references the field at path is part of (env: A:
// env.B, env: B: env.A), or is "" when its value is no reference or the references end
// elsewhere. Only an incomplete value's field is followed, and at most maxCycle steps.
func (d *decoder) referenceCycle(path []string) string {
	const maxCycle = 16
	if !d.spec.Exists() || len(path) == 0 {
		return ""
	}
	start := cue.ParsePath(strings.Join(path, "."))
	if start.Err() != nil {
		return ""
	}
	names := []cue.Path{start}
	for cur := d.spec.LookupPath(start); len(names) <= maxCycle; {
		root, ref := cur.ReferencePath()
		if !root.Exists() || len(ref.Selectors()) == 0 {
			return ""
		}
		if ref.String() == start.String() {
			return cycleWords(names)
		}
		names = append(names, ref)
		cur = root.LookupPath(ref)
	}
	return ""
}

// cycleWords says which fields refer to each other, by their paths from the struct
// around them all ("env.A and env.B refer to each other").
func cycleWords(paths []cue.Path) string {
	sels := make([][]cue.Selector, len(paths))
	for i, p := range paths {
		sels[i] = p.Selectors()
	}
	common := 0 // the selectors every path starts with
	for ; common < len(sels[0])-1; common++ {
		same := true
		for _, s := range sels[1:] {
			if common >= len(s)-1 || s[common].String() != sels[0][common].String() {
				same = false
				break
			}
		}
		if !same {
			break
		}
	}
	keep := max(common-1, 0) // the struct's own name says where they are
	words := make([]string, len(sels))
	for i, s := range sels {
		words[i] = cue.MakePath(s[keep:]...).String()
	}
	if len(words) == 1 {
		return fmt.Sprintf("%s refers to itself", words[0])
	}
	return fmt.Sprintf("%s refer to each other", strings.Join(words[:len(words)-1], ", ")+" and "+words[len(words)-1])
}
