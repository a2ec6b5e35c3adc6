package compile

import (
	"math"
	"reflect"
	"testing"

	"github.com/pipec-dev/pipec/internal/specgen"
	"github.com/pipec-dev/pipec/lang/hcl"
)

// TestParallelStageChecksMatchSequential holds the stages checked on every core to the
// stages checked one after another: the same diagnostics in the same order, the same
// secret uses, and the same plan, on a spec whose stages carry mistakes.
func TestParallelStageChecksMatchSequential(t *testing.T) {
	src := string(specgen.HCL(1000))
	src = specgen.ReplaceEvery(src, `needs = ["s`, `needs = ["z`, 9)                            // unknown needs
	src = specgen.ReplaceEvery(src, `environment = "staging"`, `environment = "stagin"`, 3)     // did you mean
	src = specgen.ReplaceEvery(src, `= secret.db_password`, `= secret.db_pasword`, 4)           // unknown secret
	src = specgen.ReplaceEvery(src, `needs = ["s0-lint"]`, `needs = ["s0-lint", "s0-lint"]`, 1) // duplicate need
	src = specgen.ReplaceEvery(src, `identity = "aws_deploy"`, `identity = "aws"`, 5)           // unknown identity
	p, ds := hcl.Parse("p.hcl", []byte(src))
	if ds.HasErrors() || p == nil || len(p.Stages) < 2*parallelStages {
		t.Fatalf("the spec does not decode to enough stages: %v", ds)
	}

	at := newChecker(p)
	at.check()
	defer func(n int) { parallelStages = n }(parallelStages)
	parallelStages = math.MaxInt
	one := newChecker(p)
	one.check()

	if len(one.diags) < 100 {
		t.Fatalf("the mistakes gave %d diagnostics; want one per mistake", len(one.diags))
	}
	if !reflect.DeepEqual(at.diags, one.diags) {
		for i := range min(len(at.diags), len(one.diags)) {
			if !reflect.DeepEqual(at.diags[i], one.diags[i]) {
				t.Fatalf("diagnostic %d: at once %v, one by one %v", i, at.diags[i], one.diags[i])
			}
		}
		t.Fatalf("at once: %d diagnostics, one by one: %d", len(at.diags), len(one.diags))
	}
	if len(one.secretUse) == 0 || !reflect.DeepEqual(at.secretUse, one.secretUse) {
		t.Fatalf("secret uses: at once %d steps, one by one %d", len(at.secretUse), len(one.secretUse))
	}

	// The same spec without the mistakes lowers to the same plan both ways.
	p, _ = hcl.Parse("p.hcl", specgen.HCL(1000))
	parallelStages = math.MaxInt
	c := newChecker(p)
	c.check()
	want, wds := lower(p, c)
	parallelStages = 256
	c = newChecker(p)
	c.check()
	got, gds := lower(p, c)
	if len(c.diags) != 0 || !reflect.DeepEqual(got, want) || !reflect.DeepEqual(gds, wds) {
		t.Fatal("the plan of the stages checked at once differs from that of one by one")
	}
}
