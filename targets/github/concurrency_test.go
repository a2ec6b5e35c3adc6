package github

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/pipec-dev/pipec/compile"
	"github.com/pipec-dev/pipec/lang/hcl"
)

// chainPlan is a pipeline of n stages deploying to one environment, each needing the one
// before, and, when fork is set, one more stage beside the first that nothing orders.
func chainPlan(t *testing.T, n int, fork bool) *compile.Plan {
	t.Helper()
	var b strings.Builder
	b.WriteString("pipeline \"p\" {\n  on {\n    push {}\n  }\n  environment \"prod\" {}\n")
	for i := range n {
		needs := ""
		if i > 0 {
			needs = fmt.Sprintf("needs = [\"s%d\"]\n", i-1)
		}
		fmt.Fprintf(&b, "  stage \"s%d\" {\n%s    environment = \"prod\"\n    step \"d\" { run = \"deploy\" }\n  }\n", i, needs)
	}
	if fork {
		b.WriteString("  stage \"side\" {\n    environment = \"prod\"\n    step \"d\" { run = \"deploy\" }\n  }\n")
	}
	b.WriteString("}\n")
	m, ds := hcl.Parse("p.hcl", []byte(b.String()))
	if ds.HasErrors() {
		t.Fatal(ds[0])
	}
	p, ds := compile.Compile(m, "p.hcl")
	if ds.HasErrors() {
		t.Fatal(ds[0])
	}
	return p
}

// Stages that needs put in one order share the environment's group; a stage beside them
// makes every one of them concurrent with it. A chain as long as the exact count allows
// takes a moment (it took seconds when each stage kept a map of the deploys above it),
// and a longer one gives every stage its own group.
func TestConcurrentDeploys(t *testing.T) {
	if got := concurrentDeploys(chainPlan(t, 50, false)); len(got) != 0 {
		t.Errorf("a chain of deploys: %d stages concurrent, want none", len(got))
	}
	if got := concurrentDeploys(chainPlan(t, 50, true)); len(got) != 51 {
		t.Errorf("a chain beside one more deploy: %d stages concurrent, want 51", len(got))
	}
	p := chainPlan(t, maxExactDeploys, false)
	start := time.Now()
	got := concurrentDeploys(p)
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("a chain of %d deploys took %v", maxExactDeploys, d)
	}
	if len(got) != 0 {
		t.Errorf("a chain of %d deploys: %d stages concurrent, want none", maxExactDeploys, len(got))
	}
	if got := concurrentDeploys(chainPlan(t, maxExactDeploys+1, false)); len(got) != maxExactDeploys+1 {
		t.Errorf("a chain past the exact count: %d stages concurrent, want all %d", len(got), maxExactDeploys+1)
	}
}
