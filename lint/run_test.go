package lint

import (
	"fmt"
	"strings"
	"testing"

	"github.com/pipec-dev/pipec/compile"
)

// A rule's panic, on the caller's goroutine or beside it, comes back to Run's caller
// naming the rule and carrying the stack where it happened; the other rules still ran.
func TestRunParallelRulePanic(t *testing.T) {
	defer func(all []*Rule) { All = all }(All)
	for _, besideBroken := range []bool{false, true} {
		ran := 0
		All = []*Rule{
			{ID: "fine", check: func(*Pass) { ran++ }},
			{ID: "broken", beside: besideBroken, check: func(*Pass) { brokenRule() }},
			{ID: "fine-beside", beside: true, check: func(*Pass) {}},
		}
		func() {
			defer func() {
				msg := fmt.Sprint(recover())
				if !strings.HasPrefix(msg, "rule broken: rule fails\n") || !strings.Contains(msg, "lint.brokenRule") {
					t.Errorf("beside=%v: recovered %q, want the rule's panic with its stack", besideBroken, msg)
				}
			}()
			Run(&compile.Plan{}, nil, nil)
			t.Errorf("beside=%v: Run returned after a rule panicked", besideBroken)
		}()
		if ran != 1 {
			t.Errorf("beside=%v: the other rule ran %d times, want once", besideBroken, ran)
		}
	}
}

func brokenRule() { panic("rule fails") }
