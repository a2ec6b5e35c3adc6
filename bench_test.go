package pipec_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/goccy/go-yaml"
	"github.com/pipec-dev/pipec/compile"
	"github.com/pipec-dev/pipec/lang/cue"
	"github.com/pipec-dev/pipec/lang/hcl"
	"github.com/pipec-dev/pipec/targets/github"
)

// The hot paths of `pipec generate` on a typical spec (the shop-api example: 6 stages,
// matrix, services, Vault, OIDC, a canary), each against one baseline measured in the
// same run: go-yaml reading the emitted workflow back. Report ratios, not nanoseconds:
//
//	go test -run XXX -bench . -benchmem .
func benchSpec(b *testing.B) []byte {
	b.Helper()
	src, err := os.ReadFile(filepath.Join("testdata", "example-shop-api", "pipeline.hcl"))
	if err != nil {
		b.Fatal(err)
	}
	return src
}

func BenchmarkBaselineYAMLRead(b *testing.B) {
	out, err := os.ReadFile(filepath.Join("testdata", "example-shop-api", "want", "github.yml"))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		var doc any
		if err := yaml.Unmarshal(out, &doc); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeHCL(b *testing.B) {
	src := benchSpec(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, ds := hcl.Parse("pipeline.hcl", src); ds.HasErrors() {
			b.Fatal(ds[0])
		}
	}
}

func BenchmarkCompile(b *testing.B) {
	m, _ := hcl.Parse("pipeline.hcl", benchSpec(b))
	b.ReportAllocs()
	for b.Loop() {
		if _, ds := compile.Compile(m, "pipeline.hcl"); ds.HasErrors() {
			b.Fatal(ds[0])
		}
	}
}

func BenchmarkEmitGitHub(b *testing.B) {
	m, _ := hcl.Parse("pipeline.hcl", benchSpec(b))
	plan, _ := compile.Compile(m, "pipeline.hcl")
	b.ReportAllocs()
	for b.Loop() {
		if _, ds := (github.Target{}).Emit(plan); ds.HasErrors() {
			b.Fatal(ds[0])
		}
	}
}

func BenchmarkGenerateGitHub(b *testing.B) {
	src := benchSpec(b)
	b.ReportAllocs()
	for b.Loop() {
		m, _ := hcl.Parse("pipeline.hcl", src)
		plan, _ := compile.Compile(m, "pipeline.hcl")
		if _, ds := (github.Target{}).Emit(plan); ds.HasErrors() {
			b.Fatal(ds[0])
		}
	}
}

// BenchmarkDecodeCUE decodes the same spec as BenchmarkDecodeHCL, written in CUE: parse,
// evaluate, unify with the language's schema, decode.
func BenchmarkDecodeCUE(b *testing.B) {
	src, err := os.ReadFile(filepath.Join("testdata", "example-shop-api", "pipeline.cue"))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, ds := cue.Parse("pipeline.cue", src); ds.HasErrors() {
			b.Fatal(ds[0])
		}
	}
}
