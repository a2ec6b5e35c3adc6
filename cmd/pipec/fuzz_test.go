package main

import (
	"github.com/pipec-dev/pipec/lang/cue"
	"os"
	"path/filepath"
	"testing"

	"github.com/goccy/go-yaml"

	"github.com/pipec-dev/pipec/compile"
	"github.com/pipec-dev/pipec/targets/all"
)

// FuzzBuild feeds arbitrary specs through the whole pipeline the command runs (parse,
// compile, emit every target): no input may panic (build turns a panic into an internal
// error), and a spec without errors yields a non-empty file for every target at a path
// inside the output directory, parses as YAML and is the same on a second build. The seeds are the golden cases and the shared examples;
// `go test` runs only those, `go test -fuzz FuzzBuild ./cmd/pipec` explores.
func FuzzBuild(f *testing.F) {
	for _, pattern := range []string{
		filepath.Join("..", "..", "testdata", "*", "pipeline.hcl"),
		filepath.Join("..", "..", "..", "shared", "examples", "*.hcl"),
	} {
		files, _ := filepath.Glob(pattern)
		for _, file := range files {
			if src, err := os.ReadFile(file); err == nil {
				f.Add(src)
			}
		}
	}
	f.Add([]byte(helloSpec))
	f.Add([]byte("pipeline \"x\" {\n  stage \"a\" { needs = [\"a\"] }\n}\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		outs, ds, err := build([]cue.File{{Name: "pipeline.hcl", Src: src}}, all.Targets, compile.Options{Source: "pipeline.hcl"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if ds.HasErrors() {
			if len(outs) != 0 {
				t.Fatal("outputs despite errors")
			}
			return
		}
		if len(outs) != len(all.Targets) {
			t.Fatalf("no errors but %d outputs for %d targets", len(outs), len(all.Targets))
		}
		again, _, _ := build([]cue.File{{Name: "pipeline.hcl", Src: src}}, all.Targets, compile.Options{Source: "pipeline.hcl"}, nil)
		for i, o := range outs {
			if string(again[i].data) != string(o.data) {
				t.Errorf("%s: two builds of one spec differ", o.target)
			}
			var doc any
			if err := yaml.Unmarshal(o.data, &doc); err != nil {
				t.Errorf("%s: output is not YAML: %v", o.target, err)
			}
			if len(o.data) == 0 {
				t.Errorf("%s: empty output", o.target)
			}
			if o.path == "" || !filepath.IsLocal(filepath.FromSlash(o.path)) {
				t.Errorf("%s: output path %q is not inside the output directory", o.target, o.path)
			}
		}
	})
}
