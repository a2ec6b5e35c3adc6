package schema

import (
	"bytes"
	"flag"
	"os"
	"regexp"
	"testing"
)

// Every body reachable from File has unique, well-formed names and known types, and the
// tree is finite (no body contains itself).
func TestShape(t *testing.T) {
	// "$schema" is the one name of JSON's editors, not of the language.
	name := regexp.MustCompile(`^([a-z][a-z_]*|\$schema)$`)
	types := map[Type]bool{String: true, Template: true, Bool: true, Int: true, Duration: true, StringList: true,
		IntList: true, Env: true, Runner: true, Condition: true, Value: true, Axes: true, Cells: true, Any: true}
	var walk func(path string, b *Body, seen map[*Body]bool)
	count := 0
	walk = func(path string, b *Body, seen map[*Body]bool) {
		if seen[b] {
			t.Fatalf("%s: body contains itself", path)
		}
		seen[b] = true
		defer delete(seen, b)
		count++
		names := map[string]bool{}
		for _, a := range b.Attrs {
			if !name.MatchString(a.Name) || names[a.Name] || !types[a.Type] || a.Doc == "" {
				t.Errorf("%s.%s: bad attribute %+v", path, a.Name, a)
			}
			names[a.Name] = true
		}
		for _, bl := range b.Blocks {
			if !name.MatchString(bl.Name) || names[bl.Name] || bl.Body == nil || bl.Doc == "" {
				t.Errorf("%s.%s: bad block %+v", path, bl.Name, bl)
			}
			names[bl.Name] = true
			walk(path+"."+bl.Name, bl.Body, seen)
		}
	}
	walk("file", File, map[*Body]bool{})
	if count < 25 {
		t.Errorf("only %d bodies reachable from File", count)
	}
	if a, ok := Stage.Attr("when"); !ok || a.Type != Condition {
		t.Error("stage.when lookup")
	}
	if got := Step.Required(); len(got) != 1 || got[0] != "run" {
		t.Errorf("step required = %v", got)
	}
}

var update = flag.Bool("update", false, "rewrite pipeline.cue and pipeline.schema.json from language.go")

// TestGenerated keeps the checked-in schemas in sync with language.go: the embedded files
// must be exactly what the generators produce now.
func TestGenerated(t *testing.T) {
	for _, f := range []struct {
		name      string
		embedded  []byte
		generated []byte
	}{
		{"pipeline.cue", CUE(), GenerateCUE()},
		{"pipeline.schema.json", JSONSchema(), GenerateJSON()},
	} {
		if bytes.Equal(f.embedded, f.generated) {
			continue
		}
		if *update {
			if err := os.WriteFile(f.name, f.generated, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		t.Errorf("%s is out of date with language.go: run go test ./schema -update and commit the result", f.name)
	}
}

// Every body has a unique definition name.
func TestBodyNames(t *testing.T) {
	seen := map[string]bool{}
	for _, b := range bodies() {
		if b.Name == "" || seen[b.Name] {
			t.Errorf("body %q: names must be set and unique", b.Name)
		}
		seen[b.Name] = true
	}
}
