package cue

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"cuelang.org/go/cue"
	"cuelang.org/go/cue/ast"
	"cuelang.org/go/cue/build"
	cueerrors "cuelang.org/go/cue/errors"
	"cuelang.org/go/cue/parser"
	cuejson "cuelang.org/go/encoding/json"
	cueyaml "cuelang.org/go/encoding/yaml"

	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/model"
	pbuild "github.com/pipec-dev/pipec/lang/build"
	pschema "github.com/pipec-dev/pipec/schema"
)

// File is one source file of a spec.
type File struct {
	Name string // as diagnostics show it; its extension picks the syntax
	Src  []byte
}

// Formats lists the file extensions this front end reads.
var Formats = []string{".cue", ".json", ".yaml", ".yml"}

// isYAML reports whether a file is read as YAML, by its extension.
func isYAML(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	return ext == ".yaml" || ext == ".yml"
}

// Parse decodes one spec file: CUE, JSON or YAML by its extension. It returns as much of
// the model as it could build and every problem found; it never panics.
func Parse(filename string, src []byte) (*model.Pipeline, diag.Diagnostics) {
	return ParseFiles([]File{{Name: filename, Src: src}})
}

// ParseFiles decodes a spec made of several CUE files of one package (or one file of any
// format). The files unify as CUE unifies a package's files; their order is the order
// fields are first declared in.
func ParseFiles(files []File) (p *model.Pipeline, diags diag.Diagnostics) {
	first := "spec"
	if len(files) > 0 {
		first = files[0].Name
	}
	defer func() {
		// cuelang.org/go asserts invariants with panics; a user's file must never crash
		// pipec, so a panic becomes a diagnostic (the fuzz target fails on it).
		if r := recover(); r != nil {
			p = nil
			diags = append(diags, &diag.Diagnostic{Severity: diag.Error, Code: "internal-error",
				Summary: fmt.Sprintf("the CUE front end crashed: %v", r),
				Detail:  "this is a bug in pipec; please report it with the spec that caused it",
				Subject: fileStart(first)})
		}
	}()
	if len(files) == 0 {
		diags.Errorf(fileStart(first), "missing-pipeline", "give a spec file", "no spec file")
		return nil, diags
	}
	d := &decoder{srcs: sources{}, first: first}
	for _, f := range files {
		if len(f.Src) > pbuild.MaxSpecSize {
			d.diags = append(d.diags, pbuild.TooLarge(f.Name, len(f.Src)))
		}
	}
	if d.diags.HasErrors() {
		return nil, d.diags
	}
	for i := range files {
		// Scripts written on Windows must not carry \r into generated YAML; lines and
		// columns are unchanged by this. A byte order mark (Windows editors write one)
		// is not text: JSON's decoder refused it, and the columns of the first line
		// counted it.
		files[i].Src = bytes.TrimPrefix(files[i].Src, []byte("\xef\xbb\xbf"))
		files[i].Src = pbuild.Newlines(files[i].Src)
		if isYAML(files[i].Name) {
			// YAML breaks lines at a lone "\r" too, and CUE's YAML decoder then asks its
			// line table (which counts "\n" only) for a line it does not have, and panics
			// (found by FuzzParseYAML). As a "\n" it is the same line break to YAML.
			files[i].Src = bytes.ReplaceAll(files[i].Src, []byte("\r"), []byte("\n"))
		}
		d.srcs[files[i].Name] = newSource(files[i].Src)
		d.srcs[files[i].Name].charColumns = isYAML(files[i].Name)
	}
	v, ok := d.build(files)
	if !ok {
		d.diags.Sort()
		return nil, d.diags
	}
	// CUE's own errors in the spec (conflicting values, bad references), then the spec
	// against the language's schema; the decoder reports the same shape errors in HCL's
	// words and positions, and those win where both speak about one value.
	tb := &treeBuilder{srcs: d.srcs, definitions: d.definitions}
	root := tb.node(v, "", nil, loc{file: first, ok: d.srcs[first] != nil})
	for path, r := range tb.at {
		if d.valueAt == nil {
			d.valueAt = map[string]diag.Range{}
		}
		d.valueAt[path] = r
	}
	d.spec = v
	cueDiags := d.cueErrors(v.Validate(), nil, false)
	if tb.deep != nil {
		r := *tb.deep
		if r.IsZero() {
			r = fileStart(first)
		}
		d.diags = append(d.diags, pbuild.TooDeep(r))
		d.diags.Sort()
		return nil, d.diags
	}
	for _, c := range cueDiags {
		if c.Code == "field-not-allowed" {
			if d.refused == nil {
				d.refused = map[string]*diag.Diagnostic{}
			}
			d.refused[c.path] = c.Diagnostic
		}
	}
	p = d.file(root)
	if p != nil {
		p.Misspelled = d.diags.Misspellings()
		for _, c := range cueDiags {
			if c.Misspelling != nil {
				p.Misspelled = append(p.Misspelled, *c.Misspelling)
			}
		}
	}
	// The schema finds what the decoder does not look for: values left incomplete
	// (run: string), and it words some shape errors CUE's way. Unifying with it costs
	// about 3.5 ms, a sixth of a run, so it is skipped for a spec that is concrete and
	// that neither CUE nor the decoder finds fault with: no such spec was found where
	// the schema had more to say (TestSchemaSkippedOnlyWhenSilent, over every spec and
	// fuzz input in the repository). Every other spec gets the schema's diagnostics as
	// before.
	if len(cueDiags) > 0 || d.diags.HasErrors() || v.Validate(cue.Concrete(true)) != nil || schemaAlways {
		if s, err := schemaValue(v.Context()); err == nil {
			cueDiags = append(cueDiags, d.cueErrors(s.Unify(v).Validate(cue.Concrete(true)), cueDiags, true)...)
		} else {
			d.diags.Errorf(fileStart(first), "internal-error", "this is a bug in pipec", "the language's CUE schema does not compile: %v", err)
		}
	}
	cueDiags = append(cueDiags, d.incompletes(tb.incomplete, cueDiags)...)
	d.merge(cueDiags)
	if p == nil && !d.diags.HasErrors() {
		// A pipeline CUE could not evaluate is left to CUE's error (see decoder.file);
		// without one, it is absent after all.
		d.errorf(fileStart(first), "missing-pipeline", `a spec holds one pipeline: pipeline: "NAME": { ... }`, "no pipeline in the file")
	}
	d.diags.Sort()
	return p, d.diags
}

// incompletes reports the values left incomplete that no diagnostic names yet. CUE's
// Validate lists an incomplete value (image: string) only when the spec has no other
// error, so a typo elsewhere hid it, and fixing the typo showed a new error. A spec
// that is right has none of these values: this costs nothing there.
func (d *decoder) incompletes(vals []cue.Value, seen []cueDiag) []cueDiag {
	var out []cueDiag
	for _, v := range vals {
		path := strings.Join(unquote(selectors(v)), pathSep)
		reported := slices.ContainsFunc(append(seen, out...), func(c cueDiag) bool {
			return c.path == path || strings.HasPrefix(c.path, path+pathSep)
		})
		if !reported {
			out = append(out, d.cueErrors(v.Validate(cue.Concrete(true)), append(seen, out...), false)...)
		}
	}
	return out
}

// selectors is a value's path as CUE's errors spell it.
func selectors(v cue.Value) []string {
	var at []string
	for _, sel := range v.Path().Selectors() {
		at = append(at, sel.String())
	}
	return at
}

// noPipeline reports a file with nothing in it as the CUE and HCL front ends do, not as
// a JSON syntax error or a YAML document that is not a struct.
func (d *decoder) noPipeline(filename string) {
	d.diags.Errorf(fileStart(filename), "missing-pipeline",
		`a spec holds one pipeline: pipeline: "NAME": { ... }`, "no pipeline in the file")
}

// schemaAlways makes ParseFiles unify every spec with the schema; the tests set it to
// compare.
var schemaAlways = false

// build parses the files and evaluates them into one value; false after a syntax error.
func (d *decoder) build(files []File) (cue.Value, bool) {
	ctx := newContext()
	var astFiles []*ast.File
	for _, f := range files {
		ext := strings.ToLower(filepath.Ext(f.Name))
		switch ext {
		case ".json":
			if len(bytes.TrimSpace(f.Src)) == 0 {
				d.noPipeline(f.Name)
				return cue.Value{}, false
			}
			if !d.jsonSyntax(f) {
				return cue.Value{}, false
			}
			expr, err := cuejson.Extract(f.Name, f.Src)
			if err != nil {
				d.syntaxErrors(err, f.Name)
				return cue.Value{}, false
			}
			af, err := astutilToFile(expr)
			if err != nil {
				d.syntaxErrors(err, f.Name)
				return cue.Value{}, false
			}
			astFiles = append(astFiles, af)
		case ".yaml", ".yml":
			af, err := cueyaml.Extract(f.Name, f.Src)
			if err != nil {
				if !d.yamlSyntaxError(f.Name, f.Src) {
					d.syntaxErrors(err, f.Name)
				}
				return cue.Value{}, false
			}
			d.repairYAMLNumbers(af)
			if r, ok := d.secondDocument(af, f.Name); ok {
				d.diags.Errorf(r, "multiple-documents",
					"a spec is one YAML document; put each pipeline in its own file",
					"a second YAML document starts here")
				return cue.Value{}, false
			}
			astFiles = append(astFiles, af)
		default:
			af, err := parser.ParseFile(f.Name, f.Src, parser.ParseComments)
			if err != nil {
				d.syntaxErrors(err, f.Name)
				return cue.Value{}, false
			}
			astFiles = append(astFiles, af)
		}
	}
	for _, af := range astFiles {
		if !d.checkSyntax(af) || !d.externs(af) {
			return cue.Value{}, false
		}
		d.findDefinitions(af)
	}
	for i, af := range astFiles {
		if ext := strings.ToLower(filepath.Ext(files[i].Name)); ext != ".cue" && !d.duplicateKeys(af) {
			return cue.Value{}, false
		}
		if isYAML(files[i].Name) && !d.mergeDuplicateKeys(files[i].Name, files[i].Src) {
			return cue.Value{}, false
		}
	}
	if len(astFiles) > 1 {
		pkg := astFiles[0].PackageName()
		for i, af := range astFiles[1:] {
			if af.PackageName() != pkg {
				d.diags.Errorf(fileStart(files[i+1].Name), "package-mismatch",
					fmt.Sprintf("every file of a spec belongs to one CUE package; %s is in package %q", files[0].Name, pkg),
					"file is in package %q", af.PackageName())
				return cue.Value{}, false
			}
		}
	}
	d.astFiles = astFiles
	inst := build.NewContext().NewInstance("", nil)
	for _, af := range astFiles {
		if err := inst.AddSyntax(af); err != nil {
			d.syntaxErrors(err, af.Filename)
			return cue.Value{}, false
		}
	}
	v := ctx.BuildInstance(inst)
	if err := inst.Err; err != nil {
		d.syntaxErrors(err, files[0].Name)
		return cue.Value{}, false
	}
	if kindOf(v) != cue.StructKind {
		// The file as a whole is not a struct: a top-level conflict or reference error,
		// or a document that is a list or a scalar.
		if err := v.Err(); err != nil {
			// Err is the first error only: a failed validator of the standard library
			// (strings.MaxRunes) makes the whole file an error, and the spec's other
			// errors are then only in Validate's list.
			if all := v.Validate(); all != nil {
				err = all
			}
			d.merge(d.cueErrors(err, nil, false))
		} else if v.IsNull() {
			// An empty YAML document, or one of comments only.
			d.noPipeline(files[0].Name)
		} else {
			d.diags.Errorf(fileStart(files[0].Name), "missing-pipeline",
				`a spec is a struct holding one pipeline: pipeline: "NAME": { ... }`, "the spec is not a struct")
		}
		return cue.Value{}, false
	}
	return v, true
}

// kindOf is a value's kind, seen through an error below it. In CUE a struct or list
// holding an error (a conflict in one step) is itself an error, and so is each struct
// around it up to the file; its other fields are sound, and decoding them finds their
// problems too, instead of one conflict hiding every other error of the spec.
func kindOf(v cue.Value) cue.Kind {
	k, _ := decodable(v)
	return k
}

// decodable is kindOf's kind and the value to decode: v, or v without its validators
// when a validator of the spec's (struct.MinFields(1), list.UniqueItems()) fails for an
// error below it, which leaves v itself no fields or elements to walk (a step's field
// not allowed would otherwise leave its stage with no steps at all). The error below is
// reported either way.
func decodable(v cue.Value) (cue.Kind, cue.Value) {
	err := v.Err()
	if err == nil {
		return v.Kind(), v
	}
	// An error about the value itself (a conflict, a required field left out) leaves
	// nothing to decode; one that CUE only passed up from below names a path under the
	// value's. An error in a definition (a structural cycle, #S: next: #S) stops CUE
	// from evaluating the rest: nothing is decoded then either.
	at := unquote(selectors(v))
	for _, e := range cueerrors.Errors(err) {
		p := unquote(e.Path())
		if len(p) <= len(at) || !slices.Equal(p[:len(at)], at) || slices.ContainsFunc(p, isDefinition) {
			return cue.BottomKind, v
		}
	}
	if k := containerKind(v); k != cue.BottomKind {
		return k, v
	}
	if u, ok := withoutValidators(v); ok {
		if k := containerKind(u); k != cue.BottomKind {
			return k, u
		}
	}
	return cue.BottomKind, v
}

// containerKind tells a struct or list holding an error from what has no fields or
// elements to walk.
func containerKind(v cue.Value) cue.Kind {
	// A list holding an error has no List, but Fields iterates it, by index (needs:
	// ["a"] and needs: ["b"] conflict at needs[0]).
	if it, err := v.Fields(); err == nil {
		if it.Next() && it.Selector().LabelType() == cue.IndexLabel {
			return cue.ListKind
		}
		return cue.StructKind
	}
	if _, err := v.List(); err == nil {
		return cue.ListKind
	}
	return cue.BottomKind
}

// withoutValidators is v unified from its conjuncts but the calls among them (a
// validator: struct.MinFields(1)), and whether there was one to leave out.
func withoutValidators(v cue.Value) (cue.Value, bool) {
	var rest []cue.Value
	dropped := false
	var walk func(x cue.Value, depth int)
	walk = func(x cue.Value, depth int) {
		if op, args := x.Expr(); op == cue.AndOp && depth < pbuild.MaxNesting {
			for _, a := range args {
				walk(a, depth+1)
			}
			return
		}
		if _, call := x.Source().(*ast.CallExpr); call {
			dropped = true
			return
		}
		rest = append(rest, x)
	}
	walk(v, 0)
	if !dropped || len(rest) == 0 {
		return v, false
	}
	u := rest[0]
	for _, x := range rest[1:] {
		u = u.Unify(x)
	}
	return u, true
}

// isDefinition tells whether a label names a definition (#Stage, _#Stage).
func isDefinition(label string) bool {
	return strings.HasPrefix(strings.TrimPrefix(label, "_"), "#")
}

// findDefinitions records where the file writes definitions (#Stage: {...}, at any
// depth) and hidden fields (_linux: {...}, the other way CUE users write a template), so
// that an error inside one can also show the value that uses it.
func (d *decoder) findDefinitions(af *ast.File) {
	ast.Walk(af, func(n ast.Node) bool {
		f, ok := n.(*ast.Field)
		if !ok {
			return true
		}
		d.findTag(f)
		if id, ok := f.Label.(*ast.Ident); ok && (isDefinition(id.Name) || strings.HasPrefix(id.Name, "_")) {
			if r := d.srcs.rng(d.srcs.loc(f.Pos()), d.srcs.loc(f.End())); r.End.Byte > r.Start.Byte {
				d.definitions = append(d.definitions, r)
			}
			return false
		}
		return true
	}, nil)
	// A top-level definition is where an error CUE places at its path alone is shown
	// (a structural cycle, #S: next: #S, has a path and no position).
	for _, decl := range af.Decls {
		f, ok := decl.(*ast.Field)
		if !ok {
			continue
		}
		if id, ok := f.Label.(*ast.Ident); ok && isDefinition(id.Name) {
			if d.valueAt == nil {
				d.valueAt = map[string]diag.Range{}
			}
			if _, seen := d.valueAt[id.Name]; !seen {
				d.valueAt[id.Name] = d.srcs.rng(d.srcs.loc(f.Label.Pos()), d.srcs.loc(f.Label.End()))
			}
		}
	}
}

// findTag records a field whose value `cue export -t` would set (version: string
// @tag(version)): pipec sets no tags, and says so where the field is left incomplete.
func (d *decoder) findTag(f *ast.Field) {
	for _, a := range f.Attrs {
		if strings.HasPrefix(a.Text, "@tag(") {
			if r := d.srcs.rng(d.srcs.loc(f.Pos()), d.srcs.loc(f.End())); r.End.Byte > r.Start.Byte {
				d.tagged = append(d.tagged, r)
			}
			return
		}
	}
}

// secondDocument finds the "---" that starts a YAML file's second document, when it has
// one. CUE's YAML decoder returns several documents as one list written without brackets
// (a sequence in the file has them), which the spec would otherwise be reported as: "not
// a struct", at 1:1.
func (d *decoder) secondDocument(af *ast.File, name string) (diag.Range, bool) {
	if len(af.Decls) != 1 {
		return diag.Range{}, false
	}
	e, ok := af.Decls[0].(*ast.EmbedDecl)
	if !ok {
		return diag.Range{}, false
	}
	l, ok := e.Expr.(*ast.ListLit)
	if !ok || l.Lbrack.IsValid() || len(l.Elts) < 2 {
		return diag.Range{}, false
	}
	at := d.srcs.loc(l.Elts[1].Pos())
	if !at.ok {
		return fileStart(name), true
	}
	src := d.srcs[at.file].src
	if i := bytes.LastIndex(src[:at.off], []byte("\n---")); i >= 0 {
		start := loc{file: at.file, off: i + 1, ok: true}
		return d.srcs.rng(start, loc{file: at.file, off: i + 4, ok: true}), true
	}
	return d.srcs.rng(at, loc{}), true
}

// astutilToFile wraps an expression (a JSON document) in a file.
func astutilToFile(expr ast.Expr) (*ast.File, error) {
	s, ok := expr.(*ast.StructLit)
	if !ok {
		return &ast.File{Decls: []ast.Decl{&ast.EmbedDecl{Expr: expr}}}, nil
	}
	return &ast.File{Filename: "", Decls: s.Elts}, nil
}

// jsonSyntax checks JSON with the standard library first, whose errors carry a byte
// offset; CUE's JSON decoder reports syntax errors without a position.
//
// encoding/json reads invalid UTF-8 as U+FFFD, so that is checked first: CUE's decoder
// refuses it later, as "invalid JSON for file", which said neither what nor where, and
// pipec fmt, which checks only this, rewrote a file generate refuses.
func (d *decoder) jsonSyntax(f File) bool {
	if i := pbuild.InvalidUTF8(f.Src); i < len(f.Src) {
		d.diags.Errorf(diag.Range{Filename: f.Name, Start: d.srcs.at(f.Name, i), End: d.srcs.at(f.Name, i+1)}, "syntax",
			"pipec reads a spec as UTF-8: save the file as UTF-8 in your editor, or remove the byte",
			"the file holds invalid UTF-8")
		return false
	}
	var x any
	err := json.Unmarshal(f.Src, &x)
	var se *json.SyntaxError
	if errors.As(err, &se) {
		// Offset counts the bytes read, the culprit included: an invalid character is
		// the byte before it (the end of the input is where it stopped).
		off := int(se.Offset)
		end := off
		if strings.HasPrefix(se.Error(), "invalid character") && off > 0 {
			_, size := utf8.DecodeLastRune(f.Src[:off])
			off -= size
		}
		d.diags.Errorf(diag.Range{Filename: f.Name, Start: d.srcs.at(f.Name, off), End: d.srcs.at(f.Name, end)}, "syntax", "", "%s", lowerFirst(se.Error()))
		return false
	}
	return true
}

// syntaxErrors reports a parse or build error, one diagnostic per CUE error.
func (d *decoder) syntaxErrors(err error, filename string) {
	errs := cueerrors.Errors(err)
	bad := d.badImports(errs, filename)
	for _, e := range errs {
		if repeatsBadImport(e, bad) {
			continue
		}
		r := d.firstUserPos(e, filename)
		format, args := e.Msg()
		msg := fmt.Sprintf(format, args...)
		if len(args) == 0 {
			msg = format
		}
		if !e.Position().IsValid() && len(e.InputPositions()) == 0 {
			// CUE's YAML decoder returns plain errors ("f.yaml:3: did not find expected
			// node content", "f.yaml: mapping values are not allowed in this context"),
			// which CUE wraps with no position and an empty message.
			r, msg = d.plainError(e.Error(), filename)
			if at, anchor, ok := d.unknownAlias(filename, msg); ok {
				detail := "an alias (*name) refers to an anchor (&name) written before it in the file"
				switch name := strings.TrimSuffix(strings.TrimPrefix(msg, "unknown anchor '"), "' referenced"); anchor {
				case "":
				case name:
					detail = fmt.Sprintf("the anchor &%s is written after this alias: YAML defines an anchor before its aliases", name)
				default:
					detail = fmt.Sprintf("did you mean *%s?", anchor)
				}
				d.diags.Errorf(at, "syntax", detail, "%s", msg)
				continue
			}
			if at, tag, ok := d.yamlTag(r, msg); ok {
				d.diags.Errorf(at, "syntax", yamlTagDetail, "unsupported YAML tag %s", tag)
				continue
			}
		}
		if at, name, ok := d.equalsForColon(r, msg); ok {
			d.diags.Errorf(at, "syntax", fmt.Sprintf("CUE sets a field with \":\": write %s: ...", name),
				"\"=\" after %s where a field is set", name)
			continue
		}
		if format == "unreferenced alias or let clause %s" && len(args) == 1 {
			d.diags.Errorf(r, "syntax", "CUE refuses a let clause or alias that nothing refers to: refer to it, or remove it",
				"let clause or alias %q is never used", fmt.Sprint(args[0]))
			continue
		}
		if isUndefinedReference(format) {
			// Not a syntax error: building the files resolves identifiers, and one that
			// names nothing is the same mistake as a missing field, found earlier.
			d.diags.Errorf(r, "undefined-reference", d.referenceDetail(format, args), "%s", lowerFirst(msg))
			continue
		}
		d.diags.Errorf(r, "syntax", "", "%s", lowerFirst(msg))
	}
}

// hclAssignment is `NAME = value` as HCL writes an attribute; in CUE it declares an
// alias, which must be followed by a field ("X = a: 1") or used.
var hclAssignment = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`([A-Za-z_][A-Za-z0-9_]*)[ \t]*=[^=~]`) })

// equalsForColon finds the `image = "go"` an error of CUE's parser comes from: CUE reads
// it as an alias and reports the token after it ("expected label or ':'", often on the
// next line) or the alias left unused. It returns the "=" and the name before it, when
// the error's line or the one before holds one.
func (d *decoder) equalsForColon(r diag.Range, msg string) (diag.Range, string, bool) {
	if !strings.HasPrefix(msg, "expected label or ':'") && !strings.HasPrefix(msg, "unreferenced alias or let clause") {
		return diag.Range{}, "", false
	}
	s := d.srcs[r.Filename]
	if s == nil || r.Start.Line < 1 || r.Start.Line > len(s.lines) {
		return diag.Range{}, "", false
	}
	from := s.lines[max(r.Start.Line-2, 0)]
	end := len(s.src)
	if r.Start.Line < len(s.lines) {
		end = s.lines[r.Start.Line]
	}
	var m []int
	for _, c := range hclAssignment().FindAllSubmatchIndex(s.src[from:end], -1) {
		if !inString(s.src, from+c[0]) && !afterLet(s.src, from+c[2]) {
			m = c
		}
	}
	if m == nil {
		return diag.Range{}, "", false
	}
	eq := from + m[1] - 2 // the "=", before the one character after it
	at := diag.Range{Filename: r.Filename, Start: s.pos(eq), End: s.pos(eq + 1)}
	return at, string(s.src[from+m[2] : from+m[3]]), true
}

// afterLet tells whether the name at off follows the keyword let: `let bin = "app"` is
// a let clause, not a field set with "=".
func afterLet(src []byte, off int) bool {
	before := bytes.TrimRight(src[bytes.LastIndexByte(src[:off], '\n')+1:off], " \t")
	word := bytes.TrimLeft(before, " \t")
	if i := bytes.LastIndexAny(word, " \t{,;("); i >= 0 {
		word = word[i+1:]
	}
	return string(word) == "let"
}

// inString reports whether off lies inside a double-quoted string of its line: `run:
// "make X=1"` holds no field set with "=".
func inString(src []byte, off int) bool {
	in := false
	for i := bytes.LastIndexByte(src[:off], '\n') + 1; i < off; i++ {
		switch {
		case src[i] == '\\' && in:
			i++
		case src[i] == '"':
			in = !in
		}
	}
	return in
}

// yamlTagDetail says which tags a spec may use: CUE's YAML decoder reads YAML's own.
const yamlTagDetail = "a spec is plain data: YAML's own tags (!!str, !!int, !!float, !!bool, !!null) work, " +
	"and an application's (!Ref, !reference) mean nothing here; write the value without the tag"

// yamlTag finds the tag of CUE's YAML decoder's `cannot unmarshal tag "!Ref"` on the
// line it names (the error has no column), and returns the tag with where it is.
func (d *decoder) yamlTag(r diag.Range, msg string) (diag.Range, string, bool) {
	tag, ok := strings.CutPrefix(msg, "cannot unmarshal tag ")
	if !ok {
		return diag.Range{}, "", false
	}
	tag, err := strconv.Unquote(tag)
	s := d.srcs[r.Filename]
	if err != nil || s == nil || r.Start.Line < 1 || r.Start.Line > len(s.lines) {
		return diag.Range{}, "", false
	}
	from := s.lines[r.Start.Line-1]
	end := len(s.src)
	if r.Start.Line < len(s.lines) {
		end = s.lines[r.Start.Line]
	}
	i := bytes.Index(s.src[from:end], []byte(tag))
	if i < 0 {
		return r, tag, true
	}
	return diag.Range{Filename: r.Filename, Start: s.pos(from + i), End: s.pos(from + i + len(tag))}, tag, true
}

// plainError places an error that carries its position in its text, "FILE:LINE: msg" or
// "FILE: msg", at the first non-blank character of that line (the text has no column), or
// at the file's start; it returns the message without the prefix.
func (d *decoder) plainError(text, filename string) (diag.Range, string) {
	text = strings.TrimSpace(text)
	if text == "" {
		text = "the file cannot be read"
	}
	rest, ok := strings.CutPrefix(text, filename+":")
	if !ok {
		return fileStart(filename), text
	}
	line := 0
	if n, after, ok := strings.Cut(rest, ":"); ok {
		if v, err := strconv.Atoi(n); err == nil && v > 0 {
			line, rest = v, after
		}
	}
	rest = strings.TrimSpace(rest)
	if rest == "" {
		rest = text
	}
	s := d.srcs[filename]
	if s == nil || line == 0 {
		return fileStart(filename), rest
	}
	at := s.lineStart(line)
	return diag.Range{Filename: filename, Start: at, End: at}, rest
}

func lowerFirst(s string) string {
	s = strings.TrimSuffix(strings.TrimSpace(s), ".")
	if s == "" {
		return s
	}
	if len(s) > 1 && s[1] >= 'A' && s[1] <= 'Z' {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

func fileStart(filename string) diag.Range {
	p := diag.Pos{Line: 1, Column: 1}
	return diag.Range{Filename: filename, Start: p, End: p}
}

// The language's schema is parsed once per process, on first use. Values of different
// cue.Contexts cannot be unified, and a context is not safe for concurrent use, so each
// spec builds the parsed schema into its own context: parsing is done once, building the
// definitions costs well under a millisecond.
var (
	schemaOnce sync.Once
	schemaAST  *ast.File
	schemaErr  error
	// schemaBuild serialises building the shared syntax tree: CUE's compiler writes
	// into the tree it builds (it resolves identifiers in place), so two specs parsed in
	// parallel (pipec generate ./...) must not build it at the same time.
	schemaBuild sync.Mutex
)

// schemaFilename names the schema in CUE's positions; those positions are never shown.
const schemaFilename = "pipec-schema.cue"

func schemaValue(ctx *cue.Context) (cue.Value, error) {
	schemaOnce.Do(func() {
		schemaAST, schemaErr = parser.ParseFile(schemaFilename, pschema.CUE())
	})
	if schemaErr != nil {
		return cue.Value{}, schemaErr
	}
	schemaBuild.Lock()
	defer schemaBuild.Unlock()
	v := ctx.BuildFile(schemaAST)
	if v.Err() != nil {
		return v, v.Err()
	}
	// The spec is unified with #File, not with the schema file: the file's top level
	// holds the schema's definitions (#Stage, #Step, ...), and a spec's own definitions
	// of those names (what a platform team calls its templates) would unify with them,
	// so that a constraint of the user's #Stage applied to every stage, and the schema's
	// to the user's. #File's references stay the schema's own; built as an expression
	// in the schema's scope, it is a value at the root, so error paths are the spec's.
	f := ctx.BuildExpr(&ast.StructLit{Elts: []ast.Decl{&ast.EmbedDecl{Expr: ast.NewIdent("#File")}}}, cue.Scope(v))
	return f, f.Err()
}
