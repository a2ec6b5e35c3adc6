package targets_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pipec-dev/pipec/compile"
	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/lang/hcl"
	"github.com/pipec-dev/pipec/targets"
	"github.com/pipec-dev/pipec/targets/all"
	"github.com/pipec-dev/pipec/targets/github"
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

// TestVersionCommentsOnBothEncoders: each pinned action's version follows its SHA
// whether the writer or go-yaml encodes the workflow (a script whose last line ends in a
// space goes to go-yaml), in a native block's steps too, and a script line that reads
// like a uses: line is left alone.
func TestVersionCommentsOnBothEncoders(t *testing.T) {
	const spec = `pipeline "p" {
  on {
    push {}
  }
  stage "s" {
    step "build" {
      run = "echo 'uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683'\nmake%s"
    }
  }
  stage "n" {
    step "build" {
      run = "make%s"
    }
    native "github" {
      steps = [{ uses = "actions/cache@0057852bfaa89a56745cba8c7296529d2fc39830" }]
    }
  }
}`
	for _, tail := range []string{"", " "} {
		slow := false
		targets.SetOnSlowPath(func() { slow = true })
		out, ds := emitGitHub(t, fmt.Sprintf(spec, tail, tail))
		targets.SetOnSlowPath(nil)
		if slow != (tail == " ") {
			t.Fatalf("tail %q: go-yaml encoded it: %v\n%s", tail, slow, out)
		}
		for _, want := range []string{
			"uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2\n",
			"uses: actions/cache@0057852bfaa89a56745cba8c7296529d2fc39830 # v4.3.0\n",
			"echo 'uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683'\n",
		} {
			if !strings.Contains(out, want) {
				t.Errorf("tail %q: no %q in (%v):\n%s", tail, want, ds, out)
			}
		}
	}
}

func emitGitHub(t *testing.T, src string) (string, diag.Diagnostics) {
	t.Helper()
	p, ds := hcl.Parse("p.hcl", []byte(src))
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	plan, ds := compile.Compile(p, "p.hcl")
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	out, ds := github.Target{}.Emit(plan)
	return string(out), ds
}
