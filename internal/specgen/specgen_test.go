package specgen_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/pipec-dev/pipec/compile"
	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/model"
	"github.com/pipec-dev/pipec/internal/specgen"
	"github.com/pipec-dev/pipec/lang/cue"
	"github.com/pipec-dev/pipec/lang/hcl"
	"github.com/pipec-dev/pipec/targets/all"
)

// emitAll compiles a decoded spec and emits every target; it fails on any error.
func emitAll(t *testing.T, p *model.Pipeline, ds diag.Diagnostics) map[string][]byte {
	t.Helper()
	if p == nil || ds.HasErrors() {
		t.Fatalf("the spec does not decode: %v", ds)
	}
	plan, cds := compile.Compile(p, "pipeline")
	if cds.HasErrors() {
		t.Fatalf("the spec does not compile: %v", cds)
	}
	out := map[string][]byte{}
	for _, tg := range all.Targets {
		y, eds := tg.Emit(plan)
		if eds.HasErrors() {
			t.Fatalf("%s: %v", tg.Name(), eds)
		}
		out[tg.Name()] = y
	}
	return out
}

// The HCL and CUE specs of one size are the same pipeline: every target's output is
// byte-identical; both compile without errors; the pipeline has exactly n stages.
func TestHCLAndCUEAreTheSamePipeline(t *testing.T) {
	for _, n := range []int{1, 7, 10, 25, 100} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			hp, hds := hcl.Parse("pipeline", specgen.HCL(n))
			cp, cds := cue.Parse("pipeline.cue", specgen.CUE(n))
			if hp != nil && len(hp.Stages) != n {
				t.Errorf("%d stages, want %d", len(hp.Stages), n)
			}
			want := emitAll(t, hp, hds)
			got := emitAll(t, cp, cds)
			for name, w := range want {
				// The header names the spec file, which differs.
				g := bytes.Replace(got[name], []byte("# source: pipeline.cue"), []byte("# source: pipeline"), 1)
				if !bytes.Equal(w, g) {
					t.Errorf("%s: the CUE spec's output differs from the HCL spec's", name)
				}
			}
		})
	}
}

// A spec uses what the benchmarks claim it does: needs, matrix, caches, artifacts,
// secrets from the platform and Vault, environments, an identity, a canary with verify
// and rollback, outputs, retries.
func TestSpecIsRealistic(t *testing.T) {
	src := string(specgen.HCL(20))
	for _, want := range []string{"needs = [", "matrix {", "cache {", "artifact \"", "secret.codecov_token",
		"vault {", "environment = \"production\"", "identity = \"aws_deploy\"", "strategy \"canary\"",
		"verify {", "rollback {", "outputs = [\"digest\"]", "retries = 2", "${stage.s1-build.outputs.digest}",
		"service \"postgres\""} {
		if !strings.Contains(src, want) {
			t.Errorf("the spec has no %q", want)
		}
	}
}

func TestDeterministic(t *testing.T) {
	if !bytes.Equal(specgen.HCL(300), specgen.HCL(300)) || !bytes.Equal(specgen.CUE(300), specgen.CUE(300)) {
		t.Error("two calls with the same size gave different specs")
	}
}

// The graph stays shallow as it grows: the longest chain of needs does not depend on n,
// so growth measures size, not depth.
func TestDepthIsBounded(t *testing.T) {
	depth := func(n int) int {
		p, ds := hcl.Parse("pipeline", specgen.HCL(n))
		if p == nil || ds.HasErrors() {
			t.Fatalf("%d: %v", n, ds)
		}
		d := map[string]int{}
		longest := 0
		for _, s := range p.Stages { // needs name earlier stages only
			for _, nd := range s.Needs {
				d[s.Name] = max(d[s.Name], d[nd.Value]+1)
			}
			longest = max(longest, d[s.Name])
		}
		return longest
	}
	if a, b := depth(200), depth(2000); a != b {
		t.Errorf("depth %d at 200 stages, %d at 2000", a, b)
	}
}

func TestReplaceEvery(t *testing.T) {
	for _, c := range []struct {
		src  string
		n    int
		want string
	}{
		{"a.a.a.a.a", 2, "b.a.b.a.b"},
		{"a.a.a.a.a", 1, "b.b.b.b.b"},
		{"a.a.a.a.a", 3, "b.a.a.b.a"},
		{"xyz", 2, "xyz"},
		{"", 1, ""},
		{"a.a", 0, "b.b"},
	} {
		if got := specgen.ReplaceEvery(c.src, "a", "b", c.n); got != c.want {
			t.Errorf("ReplaceEvery(%q, every %d) = %q, want %q", c.src, c.n, got, c.want)
		}
	}
	if got := specgen.ReplaceEvery("abc", "", "x", 2); got != "abc" {
		t.Errorf("ReplaceEvery with an empty old = %q, want the source as it is", got)
	}
}
