package cue

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/model"
)

func parseOK(t *testing.T, files ...File) *model.Pipeline {
	t.Helper()
	p, ds := ParseFiles(files)
	if ds.HasErrors() || p == nil {
		t.Fatalf("unexpected diagnostics: %v", ds)
	}
	return p
}

// Steps, stages and env keys keep the order they are written in, whether a struct is
// written in one piece or in several that CUE unifies within a file, and fields from a
// comprehension keep its order. (Across a package's files CUE orders the fields of one
// struct itself: the documented rule is to write a stage's steps in one file.)
func TestOrder(t *testing.T) {
	p := parseOK(t, File{Name: "a.cue", Src: []byte(`package spec
pipeline: p: {
	defaults: image: #Image
	stage: zeta: step: {z: run: "1", a: run: "2"}
	stage: alpha: step: m: run: "3"
	stage: zeta: step: b: run: "4"
	stage: zeta: env: {Z: "1", A: "2"}
}
`)}, File{Name: "b.cue", Src: []byte(`package spec
#Image: "golang:1.24"
`)})
	p2 := parseOK(t, File{Name: "c.cue", Src: []byte(`pipeline: p: stage: mid: step: {for n in ["y", "x"] {(n): run: n}}
`)})
	p.Stages = append(p.Stages, p2.Stages...)
	var got []string
	for _, s := range p.Stages {
		for _, st := range s.Steps {
			got = append(got, s.Name+"/"+st.Name)
		}
	}
	want := "zeta/z zeta/a zeta/b alpha/m mid/y mid/x"
	if strings.Join(got, " ") != want {
		t.Errorf("order %q, want %q", strings.Join(got, " "), want)
	}
	if e := p.Stages[0].Env; len(e) != 2 || e[0].Name != "Z" || e[1].Name != "A" {
		t.Errorf("env order: %+v", e)
	}
}

// A reference inside an escaped string is reported at its own column.
func TestPositionsInsideStrings(t *testing.T) {
	for _, c := range []struct{ name, src, want string }{
		{"x.cue", "pipeline: p: stage: s: {\n\twhen: \"ci.branch == \\\"main\\\" && ci.nope\"\n\tstep: a: run: \"x\"\n}\n", "x.cue:2:44"},
		{"x.cue", "pipeline: p: stage: s: {\n\twhen: #\"ci.branch == \"main\" && ci.nope\"#\n\tstep: a: run: \"x\"\n}\n", "x.cue:2:43"},
		{"x.yaml", "pipeline:\n  p:\n    stage:\n      s:\n        when: ci.branch == \"main\" && ci.nope\n        step: {a: {run: \"${ci.nope}\"}}\n", "x.yaml:5:48"},
		{"x.json", `{"pipeline": {"p": {"stage": {"s": {"step": {"a": {"run": "a\"${ci.bad x}"}}}}}}}`, "x.json:1:65"},
	} {
		// References are checked by the compiler; here the positions of what the front
		// end itself parses are checked through an unfinished condition (reported where
		// it ends, after escapes) or a malformed reference.
		src := strings.ReplaceAll(c.src, "ci.nope", "ci.nope ==")
		src = strings.ReplaceAll(src, "${ci.nope ==}", "${ci.nope x}")
		_, ds := Parse(c.name, []byte(src))
		if !ds.HasErrors() {
			t.Errorf("%s: no error for %q", c.name, src)
			continue
		}
		if got := ds[0].Subject.String(); got != c.want {
			t.Errorf("%s: error at %s, want %s: %v", c.name, got, c.want, ds)
		}
	}
}

// BenchmarkParse measures decoding a typical spec (the shop-api example) in CUE, YAML and
// HCL's place; compare with lang/hcl's BenchmarkParse.
func BenchmarkParse(b *testing.B) {
	for _, name := range []string{"pipeline.cue", "pipeline.yaml"} {
		src, err := os.ReadFile(filepath.Join("..", "..", "testdata", "example-shop-api", name))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if _, ds := Parse(name, src); ds.HasErrors() {
					b.Fatal(ds)
				}
			}
		})
	}
}

var _ = diag.Error

// A YAML syntax error is reported at the token at fault, as go-yaml's parser finds it:
// CUE's YAML decoder gives only the line of the mapping around it. Where go-yaml finds
// nothing, or the file is too large or too deeply nested to ask it, CUE's error stands,
// on its line (at the line's first character), or at 1:1 when its text names no line.
func TestYAMLSyntaxErrors(t *testing.T) {
	for _, c := range []struct{ src, at, summary string }{
		{"pipeline:\n  p:\n    stage: [\n", "x.yaml:3:12", "sequence end token ']' not found"},
		{"pipeline:\n  p:\n\tstage: 1\n", "x.yaml:3:1", `found character '\t' that cannot start any token`},
		{"pipeline:\n  p: &p\n    stage:\n      s: *p\n", "x.yaml:4:7", `anchor "p" value contains itself`},
		{"? [a]\n: b\n", "x.yaml:2:1", "found an invalid key for this map"},
		{"a: b: c\n", "x.yaml:1:4", "mapping value is not allowed in this context"},
		// An image key indented one space short, four lines below the mapping CUE names.
		{"pipeline:\n  p:\n    stage:\n      a:\n        step:\n          x:\n            run: make\n         image: go\n",
			"x.yaml:8:10", "value is not allowed in this context"},
		{"pipeline:\n  p:\n    stage: [\n" + strings.Repeat("#", yamlRelocateMax) + "\n", "x.yaml:4:1", "did not find expected node content"},
		{"pipeline:\n  p:\n    stage: {s: {step: {x: {run: !Ref make}}}}\n", "x.yaml:3:33", "unsupported YAML tag !Ref"},
		{"pipeline:\n  a: " + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + "\n", "x.yaml:2:3", "exceeded max depth of 10000"},
	} {
		p, ds := Parse("x.yaml", []byte(c.src))
		if p != nil || len(ds) != 1 || ds[0].Code != "syntax" || ds[0].Subject.String() != c.at || ds[0].Summary != c.summary {
			t.Errorf("%.40q: got %v, want one syntax error at %s: %s", c.src, ds, c.at, c.summary)
		}
	}
	// An alias of no anchor: CUE's decoder names no line; it is at the alias, with the
	// anchor it is probably a typo of, or saying that the anchor comes after it.
	const aliases = "pipeline:\n  p:\n    on: {push: {}}\n    stage:\n      a:\n        image: &img go # *imgg\n" +
		"        step: {s: {run: \"*imgg\"}}\n      b:\n        image: *imgg\n        step: {s: {run: *late}}\n      c: {image: &late x}\n"
	for _, c := range []struct {
		src, at string
		end     int
		detail  string
	}{
		{aliases, "x.yaml:9:16", 21, "did you mean *img?"},
		{strings.ReplaceAll(aliases, "*imgg\n", "*img\n"), "x.yaml:10:25", 30, "the anchor &late is written after this alias: YAML defines an anchor before its aliases"},
	} {
		p, ds := Parse("x.yaml", []byte(c.src))
		if p != nil || len(ds) != 1 || ds[0].Code != "syntax" || ds[0].Subject.String() != c.at || ds[0].Subject.End.Column != c.end || ds[0].Detail != c.detail {
			t.Errorf("got %v, want one syntax error at %s to column %d: %s", ds, c.at, c.end, c.detail)
		}
	}
}

// A YAML file of several documents is reported at the "---" that starts the second, not
// as a spec that is not a struct at 1:1; a sequence, and one document between markers,
// are not several documents.
func TestYAMLSeveralDocuments(t *testing.T) {
	const doc = "pipeline: {p: {on: {push: {}}, stage: {s: {step: {a: {run: x}}}}}}\n"
	for _, c := range []struct{ src, at string }{
		{doc + "---\n" + doc, "x.yaml:2:1"},
		{"---\n" + doc + "---\n", "x.yaml:3:1"},
		{"---\n---\n", "x.yaml:2:1"},
	} {
		p, ds := Parse("x.yaml", []byte(c.src))
		if p != nil || len(ds) != 1 || ds[0].Code != "multiple-documents" || ds[0].Subject.String() != c.at {
			t.Errorf("%q: got %v, want one multiple-documents error at %s", c.src, ds, c.at)
		}
	}
	for _, src := range []string{"---\n" + doc + "...\n", "- a\n- b\n"} {
		if _, ds := Parse("x.yaml", []byte(src)); len(ds) > 0 && ds[0].Code == "multiple-documents" {
			t.Errorf("%q: %v", src, ds)
		}
	}
}

// A byte order mark at the start of a file is not part of the spec: JSON's decoder
// refused it ("invalid character 'ï'"), and columns on the first line counted it.
func TestByteOrderMark(t *testing.T) {
	for name, src := range map[string]string{
		"x.json": `{"pipeline": {"p": {"stage": {"s": {"step": {"a": {"run": "x"}}}}}}}`,
		"x.yaml": "pipeline: {p: {stage: {s: {step: {a: {run: x}}}}}}\n",
		"x.cue":  "pipeline: p: stage: s: step: a: run: \"x\"\n",
	} {
		if p, ds := Parse(name, []byte("\xef\xbb\xbf"+src)); p == nil || ds.HasErrors() {
			t.Errorf("%s: %v", name, ds)
		}
	}
	_, ds := Parse("x.cue", []byte("\xef\xbb\xbfpipeline: p: bogus: 1\n"))
	if len(ds) == 0 || ds[0].Subject.String() != "x.cue:1:14" {
		t.Errorf("first-line column counts the mark: %v", ds)
	}
}

// TestYAMLLoneCarriageReturns: YAML breaks lines at a lone "\r" (old Mac line endings);
// such a file reads as the same file with "\n", with the same positions, instead of
// crashing CUE's YAML decoder (FuzzParseYAML found it).
func TestYAMLLoneCarriageReturns(t *testing.T) {
	lf := "pipeline:\n  p:\n    stage:\n      s:\n        step:\n          a:\n            run: x\n            bogus: 1\n"
	want, wantDs := Parse("x.yaml", []byte(lf))
	got, gotDs := Parse("x.yaml", []byte(strings.ReplaceAll(lf, "\n", "\r")))
	if (want == nil) != (got == nil) || len(wantDs) == 0 || len(gotDs) != len(wantDs) {
		t.Fatalf("with \\r: %v, %v; with \\n: %v, %v", got, gotDs, want, wantDs)
	}
	for i := range wantDs {
		if gotDs[i].Subject.String() != wantDs[i].Subject.String() || gotDs[i].Summary != wantDs[i].Summary {
			t.Errorf("with \\r: %s %s; with \\n: %s %s", gotDs[i].Subject, gotDs[i].Summary, wantDs[i].Subject, wantDs[i].Summary)
		}
	}
	if _, ds := Parse("x.yaml", []byte("\r\r\r0000000000000000000000000000000000000000000000000000000000000000")); !ds.HasErrors() || ds[0].Code == "internal-error" {
		t.Errorf("a number after lone carriage returns: want a diagnostic, not a crash: %v", ds)
	}
}

// TestDuplicateKeys: a key written twice in one JSON object or YAML mapping is an error
// at the second, as a stage declared twice is in HCL; CUE would merge the two values
// silently (a copied stage left unrenamed became one stage with both halves). YAML merge
// keys that an explicit key overrides are no duplicate, but two explicit keys beside a
// merge key are; CUE files unify as CUE does.
func TestDuplicateKeys(t *testing.T) {
	for _, c := range []struct{ name, src, at string }{
		{"x.json", "{\"pipeline\": {\"p\": {\"stage\": {\n  \"a\": {\"step\": {\"s\": {\"run\": \"x\"}}},\n  \"a\": {\"when\": \"ci.event == \\\"push\\\"\"}}}}}", "x.json:3:4"},
		{"x.yaml", "pipeline:\n  p:\n    stage:\n      a:\n        step: {s: {run: x}}\n      a:\n        timeout: 5m\n", "x.yaml:6:7"},
		{"x.yaml", "pipeline:\n  p:\n    stage:\n      a:\n        step:\n          s:\n            run: x\n            run: x\n", "x.yaml:8:13"},
		// Beside a merge key, CUE's YAML reader keeps the last of two written keys.
		{"x.yaml", "pipeline:\n  p:\n    stage:\n      a: &a\n        step: {s: {run: x}}\n      b:\n        <<: *a\n        runner: linux\n        runner: macos\n", "x.yaml:9:9"},
		{"x.yaml", "pipeline:\n  p:\n    stage:\n      a: &a\n        step: {s: {run: x}}\n      b: {<<: *a, \"timeout\": 5m, timeout: 9m}\n", "x.yaml:6:34"},
	} {
		_, ds := Parse(c.name, []byte(c.src))
		if len(ds) != 1 || ds[0].Code != "duplicate-name" || ds[0].Subject.String() != c.at || len(ds[0].Related) != 1 {
			t.Errorf("%s %.50q: got %v, want one duplicate-name at %s with a note", c.name, c.src, ds, c.at)
		}
	}
	for name, src := range map[string]string{
		"x.yaml": "pipeline:\n  p:\n    on: {push: {}}\n    stage:\n      a:\n        step:\n          s: &s {run: x, shell: sh}\n          t:\n            <<: *s\n            run: y\n",
		"x.cue":  "pipeline: p: on: push: {}\npipeline: p: stage: a: step: s: run: \"x\"\npipeline: p: stage: a: timeout: \"5m\"\n",
	} {
		if p, ds := Parse(name, []byte(src)); p == nil || ds.HasErrors() {
			t.Errorf("%s: %v", name, ds)
		}
	}
}

// TestJSONSyntaxPositions: encoding/json's offset counts the bytes it read, the invalid
// character included; the error is at that character, not after it (a trailing comma
// was reported one column right of its closing brace).
func TestJSONSyntaxPositions(t *testing.T) {
	for _, c := range []struct{ src, at string }{
		{"{\"pipeline\": {\"p\": {},\n}}", "x.json:2:1"},
		{`{"pipeline": {"p": {"stage" 1}}}`, "x.json:1:29"},
		{`{"pipeline": {"p": {"stage": tru}}}`, "x.json:1:33"},
		{`{"pipeline": {"p": {}}}x`, "x.json:1:24"},
		{"{\"pipeline\": {\"é\": é}}", "x.json:1:20"},
		{`{"pipeline": {"p": {}}`, "x.json:1:23"},
	} {
		_, ds := Parse("x.json", []byte(c.src))
		if len(ds) != 1 || ds[0].Code != "syntax" || ds[0].Subject.String() != c.at {
			t.Errorf("%q: got %v, want one syntax error at %s", c.src, ds, c.at)
		}
	}
}

// TestDefaults: a field whose value is a disjunction with a default is that default, as
// `cue export` gives it; a definition offers defaults this way. The decoder read such a
// string as "" and dropped such a struct, list or number without a word.
func TestDefaults(t *testing.T) {
	p := parseOK(t, File{Name: "x.cue", Src: []byte(`#Stage: {
	image:   *"golang:1.23" | string
	retries: *2 | int
	needs:   *["lint"] | [...string]
	step: [string]: {run: string, shell: *"bash" | "sh"}
	step: *{test: run: "go test ./..."} | {...}
}
pipeline: p: {
	on: push: {}
	stage: lint: step: vet: run: *"go vet ./..." | string
	stage: test: #Stage
}
`)})
	s := p.Stages[1]
	if s.Image == nil || s.Image.Text() != "golang:1.23" || s.Retries == nil || s.Retries.Value != 2 || len(s.Needs) != 1 || s.Needs[0].Value != "lint" {
		t.Errorf("stage defaults: image %v, retries %v, needs %v", s.Image, s.Retries, s.Needs)
	}
	if len(s.Steps) != 1 || s.Steps[0].Run.Text() != "go test ./..." || s.Steps[0].Shell == nil || s.Steps[0].Shell.Value != "bash" {
		t.Errorf("step defaults: %+v", s.Steps)
	}
	if r := p.Stages[0].Steps[0].Run.Text(); r != "go vet ./..." {
		t.Errorf("run default: %q", r)
	}
}

// TestIncompleteFromDefinition: a field a definition leaves open (image: string) is an
// error where the definition writes it, in whichever file of the package that is. A
// definition named #Stage, as the schema's is, unified with the schema's and the error
// named only the schema's field: it was reported at the first file's 1:1. A note shows
// the stage that uses the definition: the definition's line alone does not say which.
func TestIncompleteFromDefinition(t *testing.T) {
	_, ds := ParseFiles([]File{{Name: "pipeline.cue", Src: []byte(`package ci

pipeline: p: {
	on: push: {}
	stage: test: #Stage & {
		step: unit: run: "go test"
	}
}
`)}, {Name: "defs.cue", Src: []byte(`package ci

#Stage: {
	image: string
	step: [string]: run: string
}
`)}})
	if len(ds) != 1 || ds[0].Code != "incomplete-value" || ds[0].Subject.String() != "defs.cue:4:9" ||
		len(ds[0].Related) != 1 || ds[0].Related[0].Subject.String() != "pipeline.cue:5:15" {
		t.Errorf("got %v, want one incomplete-value at defs.cue:4:9 with a note at pipeline.cue:5:15", ds)
	}
	// Outside a definition there is no note, also where the stage is written in pieces
	// (a stage's text is then one of them, which need not hold the error).
	_, ds = Parse("x.cue", []byte("pipeline: p: {\n\ton: push: {}\n\tstage: a: image: string\n\tstage: a: step: x: run: \"x\"\n}\n"))
	if len(ds) != 1 || ds[0].Subject.String() != "x.cue:3:19" || len(ds[0].Related) != 0 {
		t.Errorf("got %v, want one error at x.cue:3:19 without a note", ds)
	}
}

// TestOwnDefinitionsNamedLikeTheSchemas: a spec's own #Stage or #Step (the names a
// platform team gives its templates) is not the schema's. The spec was unified with the
// schema's whole file, whose #Stage and #Step then took the spec's constraints: every
// stage had to have the runner the spec's #Stage gave the stages that use it.
func TestOwnDefinitionsNamedLikeTheSchemas(t *testing.T) {
	src := `#Stage: {runner: "linux", step: [string]: #Step}
#Step: {run: string, shell: "sh"}
pipeline: p: {
	on: push: {}
	stage: a: #Stage & {step: x: run: "make"}
	stage: b: {runner: "macos", step: y: {run: "make", shell: "bash"}}
	stage: c: {step: z: run: "make", bogus: 1}
}
`
	for _, always := range []bool{false, true} {
		schemaAlways = always
		_, ds := Parse("x.cue", []byte(src))
		schemaAlways = false
		if len(ds) != 1 || ds[0].Code != "unknown-attribute" || ds[0].Subject.String() != "x.cue:7:35" {
			t.Errorf("schema always %v: got %v, want only the unknown attribute at x.cue:7:35", always, ds)
		}
	}
}

// TestUndefinedIdentifier: an identifier that names nothing (a hidden field never
// written, a pipec reference written bare) is undefined-reference, as a missing field
// is, not a syntax error: CUE finds it when it builds the files, before evaluating.
func TestUndefinedIdentifier(t *testing.T) {
	for src, at := range map[string]string{
		"pipeline: p: stage: a: image: _images.go\n":           "x.cue:1:31",
		"pipeline: p: stage: a: step: x: run: ci.commit_sha\n": "x.cue:1:38",
		"pipeline: p: stage: a: step: x: run: #Cmds.test\n":    "x.cue:1:38",
	} {
		_, ds := Parse("x.cue", []byte(src))
		if len(ds) != 1 || ds[0].Code != "undefined-reference" || ds[0].Subject.String() != at {
			t.Errorf("%q: got %v, want one undefined-reference at %s", src, ds, at)
		}
	}
}

// TestCycleIsAtItsValues: fields that refer to each other (a: b, b: a) are left open;
// CUE names only the schema's field for them, and each was reported at the file's 1:1,
// then as the schema's type left incomplete. Each is now where the spec writes it, and
// says the fields refer to each other.
func TestCycleIsAtItsValues(t *testing.T) {
	_, ds := Parse("x.cue", []byte(`pipeline: p: {
	on: push: {}
	stage: a: image: stage.b.image
	stage: b: image: stage.a.image
	stage: a: step: x: run: "x"
	stage: b: step: x: run: "x"
}
`))
	var got []string
	for _, d := range ds {
		got = append(got, d.Subject.String()+" "+d.Code)
	}
	if want := "x.cue:3:19 reference-cycle x.cue:4:19 reference-cycle"; strings.Join(got, " ") != want {
		t.Errorf("got %v, want %s", ds, want)
	}
}

// TestEveryErrorWhenTheFileFails: a failed validator of the standard library
// (strings.MaxRunes) makes the whole file an error, whose Err is the first error only;
// every other error of the spec was dropped (here the second stage's).
func TestEveryErrorWhenTheFileFails(t *testing.T) {
	_, ds := Parse("x.cue", []byte(`import "strings"
#Stage: {
	image: =~"^golang:" & strings.MaxRunes(12)
	step: [string]: run: string
}
pipeline: p: {
	on: push: {}
	stage: a: #Stage & {image: "golang:1.23-bookworm", step: x: run: "x"}
	stage: b: #Stage & {image: "node", step: x: run: "x"}
}
`))
	var got []string
	for _, d := range ds {
		got = append(got, d.Subject.String())
	}
	if want := "x.cue:8:29 x.cue:9:29"; strings.Join(got, " ") != want {
		t.Errorf("got %v, want errors at %s", ds, want)
	}
}

// TestConstraintViolations: a value that breaks a bound or a validator the spec writes
// (=~, strings.MaxRunes, <=) is invalid-value, with a note at each constraint; it was
// the catch-all cue-error, which the reference does not list.
func TestConstraintViolations(t *testing.T) {
	for src, want := range map[string]string{
		"import \"strings\"\npipeline: p: stage: a: image: strings.MaxRunes(3) & \"alpine\"\n": "x.cue:2:53",
		"pipeline: p: stage: a: image: =~\"^golang:\" & \"node\"\n":                            "x.cue:1:46",
		"pipeline: p: stage: a: retries: 5 & <=3\n":                                            "x.cue:1:33",
	} {
		_, ds := Parse("x.cue", []byte(src))
		if len(ds) == 0 || ds[0].Code != "invalid-value" || ds[0].Subject.String() != want ||
			len(ds[0].Related) == 0 || ds[0].Related[0].Message != "constrained here" {
			t.Errorf("%q: got %v, want invalid-value at %s with a note at the constraint", src, ds, want)
		}
	}
}

// TestSpecMaxFields: struct.MaxFields written by the spec is its own constraint, reported
// as invalid-value. Its error was taken for the schema's (strategy: one kind), which the
// decoder reports as a duplicate block, and dropped: the env it constrained was left out
// of the output without a word.
func TestSpecMaxFields(t *testing.T) {
	src := "import \"struct\"\npipeline: p: {\n\ton: push: {}\n\tenv: struct.MaxFields(1) & {A: \"1\", B: \"2\"}\n" +
		"\tstage: a: step: x: run: \"make\"\n}\n"
	_, ds := Parse("x.cue", []byte(src))
	if len(ds) != 1 || ds[0].Code != "invalid-value" || ds[0].Subject.Start.Line != 4 {
		t.Errorf("got %v, want one invalid-value on line 4", ds)
	}
}

// TestClosedDefinition: a field a spec's own closed definition does not declare is
// field-not-allowed, saying so; it was unknown-attribute, "the language's schema has no
// such field here", of a field the language has (runner).
func TestClosedDefinition(t *testing.T) {
	src := `#Stage: {
	image?: string
	step: [string]: run: string
}
pipeline: p: {
	on: push: {}
	stage: a: #Stage & {runner: "linux", step: x: run: "x"}
}
`
	for _, always := range []bool{false, true} {
		schemaAlways = always
		_, ds := Parse("x.cue", []byte(src))
		schemaAlways = false
		if len(ds) != 1 || ds[0].Code != "field-not-allowed" || ds[0].Subject.String() != "x.cue:7:22" {
			t.Errorf("schema always %v: got %v, want one field-not-allowed at x.cue:7:22", always, ds)
		}
	}
}

// TestRequiredFields: a field the spec marks required (image!: string) and does not
// give is an error, as `cue export` says; the front end dropped it with the language's
// required fields, which the decoder reports itself, and compiled the spec.
func TestRequiredFields(t *testing.T) {
	_, ds := Parse("x.cue", []byte(`pipeline: p: {
	on: push: {}
	stage: a: {
		image!: string
		step: x: run: "x"
	}
}
`))
	if len(ds) != 1 || ds[0].Code != "missing-attribute" || ds[0].Subject.String() != "x.cue:4:3" {
		t.Errorf("got %v, want one missing-attribute at x.cue:4:3", ds)
	}
}

// TestDefinitionErrorPerUse: an error in a definition is reported once for each value
// that uses it, each with its note: equal positions and codes were taken for one error,
// so only the first stage missing a value was named.
func TestDefinitionErrorPerUse(t *testing.T) {
	_, ds := Parse("x.cue", []byte(`#Stage: {
	image!: string
	step: [string]: run: string
}
pipeline: p: {
	on: push: {}
	stage: a: #Stage & {step: x: run: "x"}
	stage: b: #Stage & {step: x: run: "x"}
}
`))
	var got []string
	for _, d := range ds {
		for _, n := range d.Related {
			got = append(got, d.Subject.String()+">"+n.Subject.String())
		}
	}
	if want := "x.cue:2:2>x.cue:7:12 x.cue:2:2>x.cue:8:12"; strings.Join(got, " ") != want {
		t.Errorf("got %v, want %s", ds, want)
	}
}

// TestConflictHidesNothing: a conflict makes every struct around it an error in CUE, up
// to the file, and the front end then decoded nothing: the conflict was the only error
// reported, and the spec's others came one run at a time. The structs are decoded
// through it now.
func TestConflictHidesNothing(t *testing.T) {
	_, ds := Parse("x.cue", []byte(`pipeline: p: {
	on: push: {}
	stage: a: step: x: run: "x"
	stage: a: step: x: run: "y"
	stage: a: timeout: 5
	stage: b: {timeout: 5, step: x: run: "x"}
}
`))
	var got []string
	for _, d := range ds {
		got = append(got, d.Subject.String()+" "+d.Code)
	}
	if want := "x.cue:4:26 conflicting-values x.cue:5:21 wrong-type x.cue:6:22 wrong-type"; strings.Join(got, " ") != want {
		t.Errorf("got %v, want %s", ds, want)
	}
	// An error in a definition stops CUE from evaluating the rest, which is then not
	// decoded: a structural cycle is not followed by "no pipeline in the file".
	_, ds = Parse("x.cue", []byte("#S: {next: #S}\npipeline: p: {\n\ton: push: {}\n\tstage: a: step: x: run: \"x\"\n\t_loop: #S\n}\n"))
	if len(ds) != 1 || ds[0].Summary != "structural cycle" {
		t.Errorf("structural cycle: got %v", ds)
	}
}

// TestStructuralCycleAtItsDefinition: CUE reports a structural cycle by the path of the
// definition it is in (#S.next) and no position; it was shown at the first file's 1:1.
func TestStructuralCycleAtItsDefinition(t *testing.T) {
	_, ds := Parse("x.cue", []byte("pipeline: p: {\n\ton: push: {}\n\tstage: a: step: x: run: \"x\"\n\t_loop: #S\n}\n#S: {next: #S}\n"))
	if len(ds) != 1 || ds[0].Code != "cue-error" || ds[0].Subject.String() != "x.cue:6:1" {
		t.Errorf("got %v, want one cue-error at x.cue:6:1", ds)
	}
}

// A field set with "=" as in HCL is reported at the "=", with the ":" to write: CUE's
// parser reads it as an alias and reports the token after it, often on the next line.
func TestEqualsForColon(t *testing.T) {
	const head = "pipeline: p: {\n\ton: push: {}\n\tstage: a: {\n"
	for _, c := range []struct{ body, at, summary string }{
		{"\t\timage = \"go\"\n\t\tstep: x: run: \"make\"\n", "x.cue:4:9", `"=" after image where a field is set`},
		{"\t\tstep: x: run = \"make\"\n", "x.cue:4:16", `"=" after run where a field is set`},
		{"\t\tstep: x: {run = \"make\"}\n", "x.cue:4:17", `"=" after run where a field is set`},
		// An "=" inside a string is not one.
		{"\t\tstep: x: run: \"make X=1\"\n\t\ttimeout \"5m\"\n", "x.cue:5:11", `expected label or ':', found 'STRING' "5m"`},
	} {
		_, ds := Parse("x.cue", []byte(head+c.body+"\t}\n}\n"))
		if len(ds) != 1 || ds[0].Code != "syntax" || ds[0].Subject.String() != c.at || ds[0].Summary != c.summary {
			t.Errorf("%q: got %v, want one syntax error at %s: %s", c.body, ds, c.at, c.summary)
		}
	}
}

// A file with nothing in it is "no pipeline in the file" in every syntax, as in CUE and
// HCL: not a JSON syntax error, nor a YAML document that is not a struct.
func TestEmptyFiles(t *testing.T) {
	for name, src := range map[string]string{
		"x.cue": "", "x.json": " \n", "x.yaml": "", "x.yml": "# to do\n",
	} {
		_, ds := Parse(name, []byte(src))
		if len(ds) != 1 || ds[0].Code != "missing-pipeline" || ds[0].Summary != "no pipeline in the file" || ds[0].Subject.String() != name+":1:1" {
			t.Errorf("%s %q: got %v, want one missing-pipeline error at 1:1", name, src, ds)
		}
	}
}

// branches_ignore, GitHub's and others' way to leave branches out, points at the
// language's own: !-globs in branches. YAML is read by this front end too.
func TestForeignAttributeHint(t *testing.T) {
	for name, src := range map[string]string{
		"x.cue":  "pipeline: p: {\n\ton: push: branches_ignore: [\"dev\"]\n\tstage: a: step: x: run: \"x\"\n}\n",
		"x.yaml": "pipeline:\n  p:\n    \"on\":\n      push:\n        branches_ignore: [dev]\n    stage:\n      a:\n        step:\n          x:\n            run: x\n",
	} {
		_, ds := Parse(name, []byte(src))
		if len(ds) != 1 || ds[0].Code != "unknown-attribute" || !strings.Contains(ds[0].Detail, `!-globs in branches`) {
			t.Errorf("%s: got %v, want one unknown-attribute pointing at !-globs", name, ds)
		}
	}
}

// A misspelt name whose value is a struct may be an attribute (env: {...}) or a block:
// the nearest name of either kind is offered, with the diagnostic HCL gives for it, as
// HCL offers env for Env = {...} (not on, a block two edits away).
func TestMisspeltStructNearestOfEitherKind(t *testing.T) {
	for name, src := range map[string]string{
		"x.cue":  "pipeline: p: {\n\ton: push: branches: [\"main\"]\n\tEnv: {A: \"x\"}\n\tstage: a: step: x: run: \"x\"\n}\n",
		"x.yaml": "pipeline:\n  p:\n    \"on\":\n      push:\n        branches: [main]\n    Env: {A: x}\n    stage:\n      a:\n        step:\n          x:\n            run: x\n",
	} {
		_, ds := Parse(name, []byte(src))
		if len(ds) != 1 || ds[0].Code != "unknown-attribute" || ds[0].Detail != `did you mean "env"?` {
			t.Errorf("%s: got %v, want one unknown-attribute with did you mean \"env\"", name, ds)
		}
	}
}

// A block's range starts at its key, as an HCL block's starts at its name: a problem with
// a whole block (the `on` block, a stage) is shown there, not at the body's brace (CUE,
// JSON) or at the body's first key (YAML, where the body has no brace).
func TestBlockRangeStartsAtItsKey(t *testing.T) {
	specs := map[string]string{
		"p.yaml": "pipeline:\n  p:\n    \"on\":\n      push: {}\n    stage:\n      build:\n        step:\n          x:\n            run: make\n",
		"p.cue":  "pipeline: p: {\n\ton: {\n\t\tpush: {}\n\t}\n\tstage: build: {\n\t\tstep: x: {\n\t\t\trun: \"make\"\n\t\t}\n\t}\n}\n",
		"p.json": "{\"pipeline\": {\"p\": {\n  \"on\": {\n    \"push\": {}},\n  \"stage\": {\"build\": {\n    \"step\": {\"x\": {\n      \"run\": \"make\"}}}}}}}\n",
	}
	for name, src := range specs {
		p := parseOK(t, File{Name: name, Src: []byte(src)})
		lines := strings.Split(src, "\n")
		for _, c := range []struct {
			what string
			r    diag.Range
			key  string
		}{
			{"on", p.On.Range, "on"},
			{"push", p.On.Push.Range, "push"},
			{"stage", p.Stages[0].Range, "build"},
			{"step", p.Stages[0].Steps[0].Range, "x"},
		} {
			line := lines[c.r.Start.Line-1]
			at := line[c.r.Start.Column-1:]
			at = strings.TrimPrefix(at, `"`) // JSON's key is where its name is
			if !strings.HasPrefix(at, c.key) {
				t.Errorf("%s: the %s block starts at %d:%d, %q; want its key %q", name, c.what, c.r.Start.Line, c.r.Start.Column, at, c.key)
			}
			if c.r.End.Line <= c.r.Start.Line && c.what != "push" {
				t.Errorf("%s: the %s block ends at %d:%d, before its body", name, c.what, c.r.End.Line, c.r.End.Column)
			}
		}
	}
}

// YAML numbers CUE cannot hold do not fail the file: a whole number too large for 64 bits
// is that number, and .inf and .nan are the text written.
func TestYAMLNumbersCUECannotRead(t *testing.T) {
	p := parseOK(t, File{Name: "p.yaml", Src: []byte("pipeline:\n  p:\n    env:\n" +
		"      BIG: 100000000000000000000000\n      NEG: -100000000000000000000000\n" +
		"      INF: .inf\n      NINF: -.Inf\n      NAN: .nan\n      F: !!float 3\n" +
		"    stage: {s: {step: {x: {run: a}}}}\n")})
	want := map[string]string{"BIG": "100000000000000000000000", "NEG": "-100000000000000000000000",
		"INF": ".inf", "NINF": "-.Inf", "NAN": ".nan", "F": "3"}
	for _, e := range p.Env {
		if got := e.Value.Literal(); got != want[e.Name] {
			t.Errorf("%s: %q, want %q", e.Name, got, want[e.Name])
		}
		delete(want, e.Name)
	}
	if len(want) != 0 {
		t.Errorf("missing: %v", want)
	}
}

// Every key of a JSON file is shown with its quotes, whether or not it is an identifier
// (CUE's JSON decoder starts an identifier's label after the quote).
func TestJSONKeysAtTheirQuotes(t *testing.T) {
	src := `{"pipeline": {"p": {"stage": {"build": {"needz": [], "step": {"x": {"run": "a"}}}}}}}`
	p, ds := Parse("p.json", []byte(src))
	var found bool
	for _, d := range ds {
		if d.Code == "unknown-attribute" {
			found = true
			if want := strings.Index(src, `"needz"`) + 1; d.Subject.Start.Column != want || d.Subject.End.Column != want+len(`"needz"`) {
				t.Errorf("unknown-attribute at columns %d-%d, want %d-%d", d.Subject.Start.Column, d.Subject.End.Column, want, want+len(`"needz"`))
			}
		}
	}
	if !found {
		t.Fatalf("no unknown-attribute: %v", ds)
	}
	if want := strings.Index(src, `"build"`) + 1; p == nil || p.Stages[0].NameRange.Start.Column != want {
		t.Errorf("the stage's name is not at column %d: %+v", want, p)
	}
}

// A JSON or YAML spec may name the JSON Schema its editor checks it with, as JSON editors
// expect ("$schema" beside "pipeline"); it must be a string.
func TestSchemaKey(t *testing.T) {
	parseOK(t, File{Name: "p.json", Src: []byte(`{"$schema": "./pipeline.schema.json", "pipeline": {"p": {"stage": {"s": {"step": {"x": {"run": "a"}}}}}}}`)})
	parseOK(t, File{Name: "p.yaml", Src: []byte("$schema: ./pipeline.schema.json\npipeline: {p: {stage: {s: {step: {x: {run: a}}}}}}\n")})
	_, ds := Parse("p.json", []byte(`{"$schema": 3, "pipeline": {"p": {"stage": {"s": {"step": {"x": {"run": "a"}}}}}}}`))
	if len(ds) != 1 || ds[0].Code != "wrong-type" || ds[0].Subject.Start.Column != 13 {
		t.Errorf(`"$schema": 3 gave %v, want one wrong-type at 1:13`, ds)
	}
}

// TestStdlibImports holds the list that an unknown import's "did you mean" draws on to
// the CUE pipec is built with: each package in it can be imported.
func TestStdlibImports(t *testing.T) {
	for _, path := range stdlib {
		src := fmt.Sprintf("package ci\n\nimport p %q\n\n_x: p\npipeline: {}\n", path)
		_, diags := Parse("pipeline.cue", []byte(src))
		for _, d := range diags {
			if d.Code == "unknown-import" || d.Code == "unsupported-import" || d.Code == "syntax" {
				t.Errorf("import %q: %s", path, d.Summary)
			}
		}
	}
}

// TestNoToolingImports holds what the standard library lacks in pipec: the cue command's
// tool packages and encoding/openapi are not linked (lang/cue/context.go), so importing
// one is unknown-import at the import, not an error of CUE's in pipec's words.
func TestNoToolingImports(t *testing.T) {
	for _, path := range []string{"tool/exec", "tool/http", "tool/file", "tool/os", "tool/cli", "tool", "encoding/openapi"} {
		src := fmt.Sprintf("package ci\n\nimport p %q\n\n_x: p\npipeline: {}\n", path)
		_, ds := Parse("pipeline.cue", []byte(src))
		if len(ds) != 1 || ds[0].Code != "unknown-import" || ds[0].Subject.Start.Line != 3 {
			t.Errorf("import %q: got %v, want one unknown-import on line 3", path, ds)
		}
	}
}

// TestExternRefused: a spec is evaluated on its own, so @extern(embed) is refused at the
// attribute, in pipec's words, rather than by CUE's "no injection defined".
func TestExternRefused(t *testing.T) {
	src := "@extern(embed)\n\npackage ci\n\n_d: _ @embed(file=data.json)\npipeline: p: stage: s: step: x: run: \"echo\"\n"
	_, ds := Parse("pipeline.cue", []byte(src))
	if len(ds) != 1 || ds[0].Code != "unsupported-extern" || ds[0].Subject.Start.Column != 1 || ds[0].Subject.End.Column != 15 {
		t.Fatalf("got %v, want one unsupported-extern at 1:1-1:15", ds)
	}
}

// TestReferencePositionsInStrings holds where a reference inside a string is placed: at
// its own text in a multi-line string, escapes and indentation included, and at the whole
// string where CUE computed the text (an interpolation), which the file does not hold at
// any offset from the string's start. Before, a multi-line string's reference was placed
// on the line of its opening """, and an interpolated string's several columns off.
func TestReferencePositionsInStrings(t *testing.T) {
	src := "_n: \"biuld\"\n" +
		"pipeline: p: {\n" +
		"\ton: push: {}\n" +
		"\tstage: s: step: {\n" +
		"\t\ta: run: \"\"\"\n" +
		"\t\t\techo \\\"${ci.branch}\\\"\n" +
		"\n" +
		"\t\t\t  echo ${ci.tag}\n" +
		"\t\t\t\"\"\"\n" +
		"\t\tb: run: #\"\"\"\n" +
		"\t\t\tgrep \"x\\y\" ${ci.ref}\n" +
		"\t\t\t\"\"\"#\n" +
		"\t\tc: run: \"echo \\(_n) ${ci.actor}\"\n" +
		"\t}\n" +
		"}\n"
	p := parseOK(t, File{Name: "pipeline.cue", Src: []byte(src)})
	want := map[string]string{
		"ci.branch": "6:13-6:22",
		"ci.tag":    "8:13-8:19",
		"ci.ref":    "11:17-11:23",
		"ci.actor":  "13:11-13:35", // the whole string
	}
	for _, st := range p.Stages[0].Steps {
		for _, part := range st.Run.Parts {
			if part.Ref == nil {
				continue
			}
			r := part.Ref.Range
			got := fmt.Sprintf("%d:%d-%d:%d", r.Start.Line, r.Start.Column, r.End.Line, r.End.Column)
			if got != want[part.Ref.String()] {
				t.Errorf("%s at %s, want %s", part.Ref, got, want[part.Ref.String()])
			}
			delete(want, part.Ref.String())
		}
	}
	for ref := range want {
		t.Errorf("%s not found", ref)
	}
}

// TestNumbersFromElsewhere: a number CUE takes from a hidden field or a definition's
// default keeps the text written (3.10), as a literal in place does and as cue export
// writes it; it was the float CUE holds, 3.1, where the HCL twin gives 3.10.
func TestNumbersFromElsewhere(t *testing.T) {
	src := "#Env: MIN: *3.10 | number\n_python: 3.10\npipeline: p: {\n\ton: push: {}\n\tenv: PYTHON: _python\n" +
		"\tstage: a: step: x: {run: \"make\", env: #Env}\n}\n"
	p := parseOK(t, File{Name: "x.cue", Src: []byte(src)})
	got := []string{p.Env[0].Value.Parts[0].Lit, p.Stages[0].Steps[0].Env[0].Value.Parts[0].Lit}
	if got[0] != "3.10" || got[1] != "3.10" {
		t.Errorf("got %q, want 3.10 for both", got)
	}
}

// TestRunnerFromMatrixAxis: runner: matrix.axes.os is a CUE reference that resolves to
// the axis's list, and was read as one runner's labels (or, with two operating systems,
// reported as labels naming both); it is now the matrix-runner error HCL's
// runner = matrix.os gives, at the reference, from a stage or a definition. One value of
// the axis (matrix.axes.os[0]) is a constant label.
func TestRunnerFromMatrixAxis(t *testing.T) {
	for src, at := range map[string]string{
		"pipeline: p: stage: a: {matrix: axes: os: [\"large\", \"xlarge\"], runner: matrix.axes.os, step: x: run: \"make\"}\n":                 "x.cue:1:72",
		"#S: {matrix: axes: os: [\"large\", \"xlarge\"], runner: matrix.axes.os, ...}\npipeline: p: stage: a: #S & {step: x: run: \"make\"}\n": "x.cue:1:53",
		"pipeline: p: stage: a: {matrix: axes: os: [\"large\"], runner: [\"self-hosted\", matrix.axes.os[0]], step: x: run: \"make\"}\n":       "",
	} {
		_, ds := Parse("x.cue", []byte(src))
		if at == "" {
			if len(ds) != 0 {
				t.Errorf("%q: got %v, want none", src, ds)
			}
			continue
		}
		if len(ds) != 1 || ds[0].Code != "matrix-runner" || ds[0].Subject.String() != at {
			t.Errorf("%q: got %v, want one matrix-runner at %s", src, ds, at)
		}
	}
}

// TestYAML11Booleans: yes, on, No, OFF written unquoted where a boolean goes are strings
// to YAML 1.2, which pipec reads, and booleans to YAML 1.1: the error says so, and what to
// write. A quoted "yes" is plainly a string, and a CUE or JSON spec has no such words.
func TestYAML11Booleans(t *testing.T) {
	const spec = "pipeline:\n  p:\n    on: {push: {}}\n    stage:\n      a:\n        allow_failure: %s\n        step: {s: {run: x, continue_on_error: %s}}\n"
	for _, c := range []struct{ a, b, detail string }{
		{"on", "true", `YAML 1.2 reads on as the string "on" (YAML 1.1 read it as true): write true`},
		{"true", "OFF", `YAML 1.2 reads OFF as the string "OFF" (YAML 1.1 read it as false): write false`},
		{`"yes"`, "true", "expected true or false, without quotes"},
		{"yesterday", "true", "expected true or false, without quotes"},
	} {
		_, ds := Parse("x.yaml", []byte(fmt.Sprintf(spec, c.a, c.b)))
		if len(ds) != 1 || ds[0].Code != "wrong-type" || ds[0].Detail != c.detail {
			t.Errorf("%s, %s: got %v, want one wrong-type: %s", c.a, c.b, ds, c.detail)
		}
	}
	_, ds := Parse("x.json", []byte(`{"pipeline": {"p": {"on": {"push": {}}, "stage": {"a": {"allow_failure": "yes", "step": {"s": {"run": "x"}}}}}}}`))
	if len(ds) != 1 || ds[0].Detail != "expected true or false, without quotes" {
		t.Errorf("JSON: got %v, want the plain detail", ds)
	}
}

// TestRefusedFieldInTemplateOnce: a field that a closed definition refuses, in hidden data
// of another file of the package that a stage uses, is one error at the field: the
// language's schema, which does not know the field either, said so again (with a note at
// the pipeline) when a validator was on the data.
func TestRefusedFieldInTemplateOnce(t *testing.T) {
	_, ds := ParseFiles([]File{{Name: "pipeline.cue", Src: []byte(`package ci

pipeline: p: {
	on: push: {}
	stage: api: {
		cache: _caches.go
		step: test: run: "go test ./..."
	}
}
`)}, {Name: "defs.cue", Src: []byte(`package ci

import "struct"

#Cache: close({
	paths: [...string]
	key_files?: [...string]
})

_caches: {
	go: #Cache & {paths: ["vendor"], keyfiles: ["go.sum"]}
} & struct.MaxFields(5)
`)}})
	if len(ds) != 1 || ds[0].Code != "field-not-allowed" || ds[0].Subject.String() != "defs.cue:11:35" {
		t.Errorf("got %v, want one field-not-allowed at defs.cue:11:35", ds)
	}
}
