package main

import (
	"bytes"
	"strings"
	"testing"
)

const goTestOutput = `goos: linux
BenchmarkBaselineYAMLRead-2   	 100	 2000000 ns/op	 1000000 cpu-ns/op	 790332 B/op	 13171 allocs/op
BenchmarkDecodeHCL/small-2    	 100	 1000000 ns/op	 3000000 cpu-ns/op	 498589 B/op	 3451 allocs/op
BenchmarkBaselineYAMLRead-2   	 100	 4000000 ns/op	 1000000 cpu-ns/op	 790332 B/op	 13171 allocs/op
BenchmarkDecodeHCL/small-2    	 100	 3000000 ns/op	 3000000 cpu-ns/op	 498589 B/op	 3451 allocs/op
BenchmarkBaselineYAMLRead-2   	 100	 3000000 ns/op	 1000000 cpu-ns/op	 790332 B/op	 13171 allocs/op
BenchmarkDecodeHCL/small-2    	 100	 9000000 ns/op	 3000000 cpu-ns/op	 498589 B/op	 3451 allocs/op
PASS
`

// Each benchmark is divided by the baseline's median, its own median taken over the runs.
func TestRatiosAgainstTheBaselineMedians(t *testing.T) {
	var out bytes.Buffer
	if err := run(strings.NewReader(goTestOutput), &out, "BaselineYAMLRead"); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), goTestOutput) {
		t.Error("the input is not passed through first")
	}
	for _, want := range []string{
		"| BaselineYAMLRead | 3.00 ms | 1.00 | 1.00 ms | 1.00 | 772 KiB |",
		"| DecodeHCL/small | 3.00 ms | 1.00 | 3.00 ms | 3.00 | 487 KiB |",
		"medians of 3 run(s)",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("want %q in:\n%s", want, out.String())
		}
	}
}

func TestFailuresAndMissingBaselineAreErrors(t *testing.T) {
	if err := run(strings.NewReader("--- FAIL: BenchmarkX\nFAIL\n"), &bytes.Buffer{}, "BaselineYAMLRead"); err == nil {
		t.Error("a failed run gave no error")
	}
	if err := run(strings.NewReader("BenchmarkX-2 1 5 ns/op\n"), &bytes.Buffer{}, "BaselineYAMLRead"); err == nil {
		t.Error("a run without the baseline gave no error")
	}
}
