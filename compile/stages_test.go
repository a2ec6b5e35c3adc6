package compile

import (
	"math"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/pipec-dev/pipec/compile/diag"
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
	if d := at.diags.Difference(one.diags); d != "" {
		t.Fatalf("at once against one by one: %s", d)
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

// TestParallelLoweringMatchesSequential: stages lowered at once give the diagnostics of
// lowering them one after another, in the same order: job names that collide (a stage
// named like another stage's rollback job) and stages whose condition is always false.
func TestParallelLoweringMatchesSequential(t *testing.T) {
	src := string(specgen.HCL(1000))
	// The notify stage of every service whose number ends in 0 or 6 takes the name of its
	// deploy's rollback job (the stages that need it are renamed with it).
	src = regexp.MustCompile(`"s(\d*[06])-notify"`).ReplaceAllString(src, `"s$1-deploy-production-rollback"`)
	src = specgen.ReplaceEvery(src, `when = ci.branch == "main" || startswith(ci.tag, "v")`, `when = ci.branch == "main" && false`, 5)

	lowerDiags := func(parallel int) diag.Diagnostics {
		defer func(n int) { parallelStages = n }(parallelStages)
		parallelStages = parallel
		p, ds := hcl.Parse("p.hcl", []byte(src))
		if ds.HasErrors() {
			t.Fatal(ds)
		}
		c := newChecker(p)
		c.check()
		if c.diags.HasErrors() {
			t.Fatal(c.diags)
		}
		_, lds := lower(p, c)
		return lds
	}
	one, at := lowerDiags(math.MaxInt), lowerDiags(256)
	var codes []string
	for _, d := range one {
		codes = append(codes, d.Code)
	}
	if strings.Count(strings.Join(codes, " "), "job-name-collision") < 10 || strings.Count(strings.Join(codes, " "), "never-runs") < 10 {
		t.Fatalf("the planted mistakes gave %v", codes)
	}
	if d := at.Difference(one); d != "" {
		t.Fatalf("at once against one by one: %s", d)
	}
}
