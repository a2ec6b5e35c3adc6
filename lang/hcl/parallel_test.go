package hcl

import (
	"reflect"
	"strings"
	"testing"

	hclv2 "github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/pipec-dev/pipec/internal/specgen"
	"github.com/pipec-dev/pipec/lang/build"
)

// oneByOne hides the decoder's Fork, so the builder reads every block on one goroutine.
type oneByOne struct {
	build.Reader[*hclsyntax.Attribute, *hclsyntax.Block]
}

// TestParallelStagesMatchSequential holds the stages read on every core to the stages
// read one after another: the same model and the same diagnostics in the same order, on
// a spec whose stages carry mistakes (unknown attributes, wrong types) and with other
// blocks, themselves mistaken, between them.
func TestParallelStagesMatchSequential(t *testing.T) {
	src := string(specgen.HCL(1200))
	src = specgen.ReplaceEvery(src, `timeout = "20m"`, `timout = "20m"`, 3)
	src = specgen.ReplaceEvery(src, `image = "python:3.12-slim"`, `image = 42`, 5)
	src = specgen.ReplaceEvery(src, "  stage \"", "  environment \"late\" {\n    urll = \"x\"\n  }\n  stage \"", 97)
	if n := strings.Count(src, "  stage \""); n < 1000 {
		t.Fatalf("the spec has %d stages; the test needs enough to read them at once", n)
	}
	file, hd := hclsyntax.ParseConfig([]byte(src), "p.hcl", hclv2.InitialPos)
	if hd.HasErrors() {
		t.Fatalf("the spec does not parse: %v", hd)
	}
	blk := file.Body.(*hclsyntax.Body).Blocks[0]

	par := &decoder{filename: "p.hcl", src: []byte(src)}
	gotP := build.Pipeline[*hclsyntax.Attribute, *hclsyntax.Block](par, blk)
	seq := &decoder{filename: "p.hcl", src: []byte(src)}
	wantP := build.Pipeline[*hclsyntax.Attribute, *hclsyntax.Block](oneByOne{seq}, blk)

	if len(seq.diags) < 90 { // 40 + 48 + 13 mistakes
		t.Fatalf("the mistakes gave %d diagnostics; want one per mistake", len(seq.diags))
	}
	if d := par.diags.Difference(seq.diags); d != "" {
		t.Fatalf("at once against one by one: %s", d)
	}
	if !reflect.DeepEqual(gotP, wantP) {
		t.Fatal("the stages read at once differ from those read one by one")
	}
}
