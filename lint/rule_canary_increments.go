package lint

import "github.com/pipec-dev/pipec/compile/diag"

// The compiler checks increments (compile/check.go), because no target can lower a
// canary whose traffic shrinks or jumps back; this entry documents that check.
var ruleCanaryIncrements = &Rule{
	ID:        "canary-increments",
	Category:  Correctness,
	Severity:  diag.Error,
	Compiler:  true,
	Summary:   "a canary's increments do not grow towards 100",
	Rationale: "A canary sends a growing share of traffic to the new version, checking it after each step, and ends at 100. An increment that repeats, shrinks, is out of 1 to 99, or is 100 itself (which always comes last by itself) makes a round that re-tests what was already tested or takes traffic back from a version that passed. Azure's native canary and the emulated ones on the other platforms all need a growing list.",
	Fix:       "list strictly growing percentages between 1 and 99: increments = [10, 25, 50]",
}
