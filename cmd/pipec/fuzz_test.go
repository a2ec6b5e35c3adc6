package main

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/goccy/go-yaml"
	yamlv3 "go.yaml.in/yaml/v3"

	"github.com/pipec-dev/pipec/compile"
	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/lang/cue"
	"github.com/pipec-dev/pipec/lint"
	"github.com/pipec-dev/pipec/targets"
	"github.com/pipec-dev/pipec/targets/all"
	"github.com/pipec-dev/pipec/targets/graph"
)

// FuzzBuild feeds arbitrary HCL specs through the whole pipeline the command runs: parse,
// compile, emit every target, then lint and draw the graph. No input may panic (build turns a panic into an
// internal error). Every diagnostic names the spec and a line and column from 1, and
// renders. A spec without errors yields, for every target, a file at a path inside the
// output directory that opens with the generated-file comment, parses as YAML (with two
// parsers, and to the same document without its leading comments, so no header line can
// carry YAML) and is byte-identical on a second build.
//
// The seeds are the golden cases, the lint cases and the shared examples; `go test` runs
// only those and testdata/fuzz/FuzzBuild, `go test -fuzz FuzzBuild ./cmd/pipec` explores.
func FuzzBuild(f *testing.F) {
	for _, pattern := range []string{
		filepath.Join("..", "..", "testdata", "*", "pipeline.hcl"),
		filepath.Join("..", "..", "lint", "testdata", "*", "*.hcl"),
		filepath.Join("..", "..", "..", "shared", "examples", "*.hcl"),
	} {
		for _, src := range globSeeds(pattern) {
			f.Add(src)
		}
	}
	f.Add([]byte(helloSpec))
	f.Add([]byte("pipeline \"x\" {\n  stage \"a\" { needs = [\"a\"] }\n}\n"))
	f.Add([]byte("pipeline \"x\" {\n  description = \"a\\rb: c\\u2028d: e\"\n  on {\n    push {}\n  }\n  stage \"a\" {\n    step \"s\" { run = \"echo '${ci.branch}: #x' &a *b {{ c }} $${{ d }}\" }\n  }\n}\n"))
	// Values the YAML writer once wrote plainly, which YAML reads as something else.
	f.Add([]byte("pipeline \"x\" {\n  on {\n    push {}\n  }\n  env = { A = \"? q\", B = \"\\tb\" }\n  stage \"a\" {\n    step \"s\" { run = \"? q\" }\n    native \"github\" {\n      k = { q = \"? x\" }\n    }\n  }\n}\n"))
	f.Add([]byte("pipeline \"x\" {\n  on {\n    push {}\n  }\n  stage \"a\" {\n    step \"s\" { run = \"x\" }\n    native \"github\" {\n      k = { \"<<\" = { x = 1 }, \"a\\nb\" = 2 }\n    }\n  }\n}\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		checkBuild(t, []cue.File{{Name: "pipeline.hcl", Src: src}})
	})
}

// FuzzBuildCUE is FuzzBuild for specs written in CUE, seeded with the golden cases' CUE
// twins: the CUE front end hands the compiler models the HCL one cannot write.
func FuzzBuildCUE(f *testing.F) {
	for _, src := range globSeeds(filepath.Join("..", "..", "testdata", "*", "pipeline.cue")) {
		f.Add(src)
	}
	f.Add([]byte("pipeline: x: {\n\ton: push: {}\n\tstage: a: step: s: run: \"echo '${ci.branch}: #x' &a *b {{ c }} $${{ d }}\"\n}\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		checkBuild(t, []cue.File{{Name: "pipeline.cue", Src: src}})
	})
}

func globSeeds(pattern string) [][]byte {
	files, _ := filepath.Glob(pattern)
	var out [][]byte
	for _, file := range files {
		if src, err := os.ReadFile(file); err == nil {
			out = append(out, src)
		}
	}
	return out
}

// checkBuild runs build on files and checks everything FuzzBuild promises.
func checkBuild(t *testing.T, files []cue.File) {
	name := files[0].Name
	opts := compile.Options{Source: name}
	outs, ds, err := build(files, all.Targets, opts, nil)
	if err != nil {
		t.Fatal(err)
	}
	checkDiags(t, name, ds, files)
	if ds.HasErrors() {
		if len(outs) != 0 {
			t.Fatal("outputs despite errors")
		}
		return
	}
	if len(outs) != len(all.Targets) {
		t.Fatalf("no errors but %d outputs for %d targets", len(outs), len(all.Targets))
	}
	again, _, _ := build(files, all.Targets, opts, nil)
	for i, o := range outs {
		if string(again[i].data) != string(o.data) {
			t.Errorf("%s: two builds of one spec differ", o.target)
		}
		if o.path == "" || !filepath.IsLocal(filepath.FromSlash(o.path)) {
			t.Errorf("%s: output path %q is not inside the output directory", o.target, o.path)
		}
		checkYAML(t, o.target, o.data)
	}
	checkLint(t, files)
}

// checkDiags fails unless every diagnostic has a kebab-case code, a summary, and a subject
// and notes in the spec at line:column >= 1:1, and unless they all render.
func checkDiags(t *testing.T, name string, ds diag.Diagnostics, files []cue.File) {
	t.Helper()
	for _, d := range ds {
		if msg := d.Broken(name); msg != "" {
			t.Fatalf("bad diagnostic %v: %s", d, msg)
		}
	}
	sources := diag.Sources{}
	for _, f := range files {
		sources[f.Name] = f.Src
	}
	var b bytes.Buffer
	diag.WriteText(&b, ds, sources)
	if err := diag.WriteJSON(&b, ds); err != nil {
		t.Fatalf("diagnostics do not render as JSON: %v", err)
	}
}

// checkYAML fails unless data opens with the generated-file comment, parses with both
// parsers, and parses to the same document without its leading comment lines: a header
// line that carried a YAML line break would add to the document or break it.
func checkYAML(t *testing.T, target string, data []byte) {
	t.Helper()
	first, _, _ := bytes.Cut(data, []byte("\n"))
	if !bytes.HasPrefix(first, []byte("# ")) || !bytes.Contains(first, []byte("pipec")) {
		t.Errorf("%s: first line %q is not the generated-file comment", target, first)
	}
	var doc, bare any
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("%s: output is not YAML: %v\n%s", target, err, data)
	}
	body := data
	for bytes.HasPrefix(body, []byte("#")) {
		_, body, _ = bytes.Cut(body, []byte("\n"))
	}
	if err := yaml.Unmarshal(body, &bare); err != nil || !reflect.DeepEqual(doc, bare) {
		t.Fatalf("%s: the leading comments change the document (%v):\n%s", target, err, data)
	}
	var v3 any
	if err := yamlv3.Unmarshal(data, &v3); err != nil {
		t.Fatalf("%s: output is not YAML to go.yaml.in/yaml/v3: %v\n%s", target, err, data)
	}
	if len(strings.TrimSpace(string(body))) == 0 {
		t.Errorf("%s: empty output", target)
	}
}

// checkLint runs every lint rule over the compiled spec and its outputs, as pipec lint
// does, and checks the findings as diagnostics; it draws the plan as pipec graph does,
// twice, which must give the same drawing.
func checkLint(t *testing.T, files []cue.File) {
	t.Helper()
	p, _ := parseSpec(files)
	plan, cds := compile.Compile(p, files[0].Name)
	if cds.HasErrors() || plan == nil {
		t.Fatalf("the second compile differs from the first: %v", cds)
	}
	for format, draw := range map[string]func(*compile.Plan) []byte{"mermaid": graph.Mermaid, "dot": graph.DOT} {
		if !bytes.Equal(draw(plan), draw(plan)) {
			t.Errorf("two %s drawings of one plan differ", format)
		}
	}
	var ds diag.Diagnostics
	func() {
		defer func() {
			if r := recover(); r != nil {
				t.Fatalf("lint panicked: %v", r)
			}
		}()
		ds = lint.Lint(plan, all.Targets)
	}()
	checkDiags(t, files[0].Name, ds, files)
}

// build is compileAndEmit's outputs, diagnostics and error, for the tests.
func build(files []cue.File, selected []targets.Target, opts compile.Options, timed func(phase string, start time.Time)) ([]output, diag.Diagnostics, error) {
	r, err := compileAndEmit(files, selected, opts, timed)
	return r.outs, r.ds, err
}
