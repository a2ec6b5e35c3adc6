package targets_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/pipec-dev/pipec/compile"
	"github.com/pipec-dev/pipec/lang/hcl"
	"github.com/pipec-dev/pipec/targets"
	"github.com/pipec-dev/pipec/targets/all"
)

// Every golden case's output takes Encode's fast path: a back end that starts building
// documents the fast encoder leaves to go-yaml would make every run slow again.
func TestGoldenOutputsTakeTheFastPath(t *testing.T) {
	specs, err := filepath.Glob(filepath.Join("..", "testdata", "*", "pipeline.hcl"))
	if err != nil || len(specs) == 0 {
		t.Fatalf("no golden specs: %v", err)
	}
	var where string
	targets.SetOnSlowPath(func() { t.Errorf("%s: go-yaml encoded the document", where) })
	defer targets.SetOnSlowPath(nil)
	emitted := 0
	for _, spec := range specs {
		src, err := os.ReadFile(spec)
		if err != nil {
			t.Fatal(err)
		}
		p, ds := hcl.Parse("pipeline.hcl", src)
		if p == nil || ds.HasErrors() {
			continue
		}
		plan, ds := compile.Compile(p, "pipeline.hcl")
		if ds.HasErrors() {
			continue
		}
		for _, tg := range all.Targets {
			where = spec + " " + tg.Name()
			if out, _ := tg.Emit(plan); out != nil {
				emitted++
			}
		}
	}
	if emitted < 50 {
		t.Errorf("only %d outputs emitted; the golden cases moved?", emitted)
	}
}
