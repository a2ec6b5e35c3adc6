package schema

import (
	"regexp"
	"testing"
)

// Every body reachable from File has unique, well-formed names and known types, and the
// tree is finite (no body contains itself).
func TestShape(t *testing.T) {
	name := regexp.MustCompile(`^[a-z][a-z_]*$`)
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
