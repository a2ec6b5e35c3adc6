package pipec_test

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// Wide specs: many variables, secrets or map entries in one place. Each back end and the
// checker once looked names up by scanning every name declared (targets.Set over an
// env map, a secret by its variable, a position's column by its line), so time grew with
// the square of the width: 8,000 secrets took seconds, a 60,000-entry map minutes. Eight
// times the width must take about eight times as long; the bound (24x, the best of three
// interleaved runs each) leaves room for a busy machine and catches a square's 64x.
func TestWideSpecsAreLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("timing test")
	}
	shapes := map[string]func(n int) string{
		"env and step env": func(n int) string {
			return fmt.Sprintf("pipeline \"p\" {\n  on {\n    push {}\n  }\n  env = { %s }\n  stage \"a\" {\n    env = { %s }\n    step \"s\" {\n      run = \"echo\"\n      env = { %s }\n    }\n  }\n}\n",
				entries(n, "P%d = \"é%d\""), entries(n, "T%d = \"v%d\""), entries(n, "S%d = \"v%d\""))
		},
		"secrets": func(n int) string {
			var b strings.Builder
			b.WriteString("pipeline \"p\" {\n  on {\n    push {}\n  }\n")
			for i := range n {
				fmt.Fprintf(&b, "  secret \"s%d\" {}\n", i)
			}
			fmt.Fprintf(&b, "  stage \"a\" {\n    step \"s\" {\n      run = \"echo\"\n      env = { %s }\n    }\n  }\n}\n", entries(n, "S%d = secret.s%d"))
			return b.String()
		},
		// A chain of stages, each needing the one before and with a condition: the back
		// ends carry a job's needs' conditions into its own (GitLab's rules) and name
		// stages by depth, and a search per job once made a chain quadratic.
		"chain of needs": func(n int) string {
			n /= 2 // 4,000 stages: the width's 8,000 would take seconds of each run
			var b strings.Builder
			b.WriteString("pipeline \"p\" {\n  on {\n    push {}\n  }\n")
			for i := range n {
				needs := ""
				if i > 0 {
					needs = fmt.Sprintf("    needs = [\"s%d\"]\n", i-1)
				}
				fmt.Fprintf(&b, "  stage \"s%d\" {\n%s    when = \"ci.branch == \\\"main\\\"\"\n    step \"x\" {\n      run = \"echo %d\"\n    }\n  }\n", i, needs, i)
			}
			b.WriteString("}\n")
			return b.String()
		},
	}
	for _, name := range []string{"env and step env", "secrets", "chain of needs"} {
		t.Run(name, func(t *testing.T) {
			small, large := []byte(shapes[name](1000)), []byte(shapes[name](8000))
			run := func(src []byte) time.Duration {
				start := time.Now()
				if _, ds := generate(t, "p.hcl", src); ds.HasErrors() {
					t.Fatal(ds[0])
				}
				return time.Since(start)
			}
			// Interleaved, so that a burst of load elsewhere falls on both sizes.
			var s, l time.Duration
			for i := range 3 {
				ds, dl := run(small), run(large)
				if i == 0 || ds < s {
					s = ds
				}
				if i == 0 || dl < l {
					l = dl
				}
			}
			if l > 24*s && l > 200*time.Millisecond {
				t.Errorf("8x the width took %.1fx the time (%s against %s)", float64(l)/float64(s), l, s)
			}
		})
	}
}

// entries is n map entries on one line, each format filled with its index twice.
func entries(n int, format string) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = fmt.Sprintf(format, i, i)
	}
	return strings.Join(parts, ", ")
}
