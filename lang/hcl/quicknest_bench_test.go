package hcl

import (
	"testing"

	"github.com/pipec-dev/pipec/internal/specgen"
)

// BenchmarkQuickScan is the nesting check's pass over a 1,000-stage spec: it runs on one
// core before a large spec's chunks are parsed on all of them.
func BenchmarkQuickScan(b *testing.B) {
	src := specgen.HCL(1000)
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if _, ok := quickScan(src); !ok {
			b.Fatal("quickScan gave up")
		}
	}
}
