package cue

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/goccy/go-yaml"

	"github.com/pipec-dev/pipec/compile/diag"
)

// The three fuzz targets feed arbitrary bytes to this front end as CUE, JSON and YAML: one
// target per syntax, so each explores from its own seeds. Parse turns a panic into an
// internal-error diagnostic, so the targets fail on that code. Beyond not crashing, every
// diagnostic must be one a user can act on: a kebab-case code, a summary and a position in
// the spec (file name, line and column from 1), notes included; a nil pipeline comes with
// an error, and decoding is deterministic. The CUE and JSON formatters (pipec fmt) get
// the same input: they may refuse it, with such diagnostics, and format their own
// output to itself.
//
// `go test` runs the seeds and testdata/fuzz/FuzzParse*; `go test -fuzz FuzzParseYAML
// ./lang/cue` explores one syntax.

func FuzzParseCUE(f *testing.F) {
	for _, src := range seedFiles(f, "pipeline.cue") {
		f.Add(src)
	}
	for _, s := range []string{
		`pipeline: p: stage: s: step: a: run: "${ci.x"`,
		"package spec\n#A: string\npipeline: p: stage: s: step: a: run: #A\n",
		"pipeline: p: stage: s: {when: #\"ci.branch == \"x\"\"#, step: a: run: \"x\"}\n",
		"pipeline: p: stage: s: native: github: {a: [[{b: null}]], \"c: d\": 1.50}\n",
		"pipeline: p: stage: {for n in [\"a\", \"b\"] {(n): step: x: run: n}}\n",
		"pipeline: p: on: push: branches: [\"main\"] | *[\"dev\"]\n",
		"pipeline: p: stage: s: step: a: run: \"\\u0000\\r: # *a &b\"\n",
		"a: b: c: d: e\n",
		"[1, 2]\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) { fuzzParse(t, "fuzz.cue", src) })
}

func FuzzParseJSON(f *testing.F) {
	// The YAML seeds in JSON: the golden cases have no JSON twin.
	for _, src := range seedFiles(f, "pipeline.yaml") {
		if js, err := yaml.YAMLToJSON(src); err == nil {
			f.Add(js)
		}
	}
	for _, s := range []string{
		`{"pipeline": {"p": {"stage": {"s": {"step": {"a": {"run": "x"}}}}}}}`,
		`{"pipeline": {"p": {"stage": {"s": {"step": {"a": {"run": "\u0000\ud800\n: #"}}}}}}}`,
		`{"pipeline": {"p": {"stage": {"s": {"native": {"github": {"a": [[[{}]]], "b": 1e400}}}}}}}`,
		`{"pipeline": {"p": {}}, "pipeline": {"q": {}}}`,
		`[{"pipeline": null}]`,
		`"x"`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) { fuzzParse(t, "fuzz.json", src) })
}

func FuzzParseYAML(f *testing.F) {
	for _, src := range seedFiles(f, "pipeline.yaml") {
		f.Add(src)
	}
	for _, s := range []string{
		"pipeline:\n  p:\n    stage:\n      s:\n        step: {a: {run: x}}\n",
		"pipeline:\n  p: &p\n    stage:\n      s: *p\n",
		"pipeline:\n  p:\n    stage:\n      s:\n        step:\n          a:\n            run: |\n              a: b\n              # c\n",
		"pipeline: {p: {stage: {s: {native: {github: {a: !!binary aGk=, b: 0x1F, c: 1_000, d: .inf, e: ~}}}}}}\n",
		"pipeline:\n  p:\n    <<: {on: {push: {}}}\n",
		"---\npipeline: {}\n---\npipeline: {}\n",
		"%YAML 1.1\n---\npipeline: {p: {stage: {s: {when: yes}}}}\n",
		"? [a]\n: b\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) { fuzzParse(t, "fuzz.yaml", src) })
}

// seedFiles reads every testdata/*/NAME of the repository.
func seedFiles(f *testing.F, name string) [][]byte {
	files, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "*", name))
	var out [][]byte
	for _, file := range files {
		if src, err := os.ReadFile(file); err == nil {
			out = append(out, src)
		}
	}
	if len(out) == 0 {
		f.Fatalf("no seeds: no testdata/*/%s", name)
	}
	return out
}

func fuzzParse(t *testing.T, name string, src []byte) {
	p, ds := Parse(name, src)
	if p == nil && !ds.HasErrors() {
		t.Fatal("neither a pipeline nor an error")
	}
	checkDiagnostics(t, name, ds)
	p2, ds2 := Parse(name, src)
	if !reflect.DeepEqual(p, p2) || !reflect.DeepEqual(ds, ds2) {
		t.Fatal("two parses of one input differ")
	}
	// pipec fmt, for the syntaxes it formats: no crash, diagnostics as above, and
	// formatting what it formatted changes nothing.
	format := map[string]func(string, []byte) ([]byte, diag.Diagnostics){"fuzz.cue": FormatCUE, "fuzz.json": FormatJSON}[name]
	if format == nil {
		return
	}
	out, fds := format(name, src)
	checkDiagnostics(t, name, fds)
	if out != nil {
		again, fds := format(name, out)
		checkDiagnostics(t, name, fds)
		if !bytes.Equal(again, out) {
			t.Fatalf("formatting is not idempotent:\n%s\n---\n%s", out, again)
		}
	}
}

// checkDiagnostics fails unless every diagnostic keeps diag's promise (Broken), and is
// no internal error.
func checkDiagnostics(t *testing.T, name string, ds diag.Diagnostics) {
	t.Helper()
	for _, d := range ds {
		if msg := d.Broken(name); msg != "" || d.Code == "internal-error" {
			t.Fatalf("bad diagnostic %v (%s): %s", d, msg, d.Detail)
		}
	}
}
