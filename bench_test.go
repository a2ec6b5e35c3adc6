package pipec_test

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/goccy/go-yaml"
	"github.com/pipec-dev/pipec/compile"
	"github.com/pipec-dev/pipec/compile/model"
	"github.com/pipec-dev/pipec/internal/specgen"
	"github.com/pipec-dev/pipec/lang/cue"
	"github.com/pipec-dev/pipec/lang/hcl"
	"github.com/pipec-dev/pipec/lint"
	"github.com/pipec-dev/pipec/targets"
	"github.com/pipec-dev/pipec/targets/all"
)

// The hot paths of pipec generate and pipec lint, each on specs of several sizes, and one
// baseline measured in the same run: go-yaml reading the shop-api example's GitHub
// workflow back. Compare ratios to the baseline, not nanoseconds across machines or runs;
// `make bench` prints them (internal/cmd/benchratio).
//
//	small    10 stages (internal/specgen)
//	typical  the shop-api example: 6 stages, matrix, services, Vault, OIDC, a canary
//	large    1,000 stages (internal/specgen)
//	huge     10,000 stages, for compile, emit and generate only
//
// Besides ns/op each benchmark reports cpu-ns/op, the process's CPU time (user and
// system, every thread: the garbage collector's too) per operation, which other work on
// a busy machine disturbs less than wall time.

type benchSize struct {
	name     string
	hcl, cue []byte
}

var benchSizes = sync.OnceValue(func() []benchSize {
	read := func(ext string) []byte {
		src, err := os.ReadFile(filepath.Join("testdata", "example-shop-api", "pipeline"+ext))
		if err != nil {
			panic(err)
		}
		return src
	}
	return []benchSize{
		{"small", specgen.HCL(10), specgen.CUE(10)},
		{"typical", read(".hcl"), read(".cue")},
		{"large", specgen.HCL(1000), specgen.CUE(1000)},
		{"huge", specgen.HCL(10000), nil},
	}
})

// sizes returns the sizes a benchmark runs on: every one but huge, unless huge is asked.
func sizes(huge bool) []benchSize {
	var out []benchSize
	for _, s := range benchSizes() {
		if s.name != "huge" || huge {
			out = append(out, s)
		}
	}
	return out
}

// plans caches each size's decoded spec and plan: benchmarks of one phase do not pay for
// the phases before it.
var plans sync.Map // size name -> *planned

type planned struct {
	pipeline *model.Pipeline
	plan     *compile.Plan
}

func planFor(b *testing.B, s benchSize) *planned {
	b.Helper()
	if p, ok := plans.Load(s.name); ok {
		return p.(*planned)
	}
	p, ds := hcl.Parse("pipeline.hcl", s.hcl)
	if p == nil || ds.HasErrors() {
		b.Fatalf("%s: %v", s.name, ds)
	}
	plan, ds := compile.Compile(p, "pipeline.hcl")
	if ds.HasErrors() {
		b.Fatalf("%s: %v", s.name, ds)
	}
	pl := &planned{p, plan}
	plans.Store(s.name, pl)
	return pl
}

// loop runs op as the benchmark's body and reports its CPU time per operation.
func loop(b *testing.B, op func()) {
	b.ReportAllocs()
	start := cpuTime()
	for b.Loop() {
		op()
	}
	if start >= 0 {
		b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
	}
}

func BenchmarkBaselineYAMLRead(b *testing.B) {
	out, err := os.ReadFile(filepath.Join("testdata", "example-shop-api", "want", "github.yml"))
	if err != nil {
		b.Fatal(err)
	}
	loop(b, func() {
		var doc any
		if err := yaml.Unmarshal(out, &doc); err != nil {
			b.Fatal(err)
		}
	})
}

func BenchmarkDecodeHCL(b *testing.B) {
	for _, s := range sizes(false) {
		b.Run(s.name, func(b *testing.B) {
			loop(b, func() {
				if _, ds := hcl.Parse("pipeline.hcl", s.hcl); ds.HasErrors() {
					b.Fatal(ds[0])
				}
			})
		})
	}
}

// BenchmarkDecodeCUE decodes the same specs written in CUE: parse, evaluate, unify with
// the language's schema, decode.
func BenchmarkDecodeCUE(b *testing.B) {
	for _, s := range sizes(false) {
		b.Run(s.name, func(b *testing.B) {
			loop(b, func() {
				if _, ds := cue.Parse("pipeline.cue", s.cue); ds.HasErrors() {
					b.Fatal(ds[0])
				}
			})
		})
	}
}

// BenchmarkCompile is the check and the lowering into a plan.
func BenchmarkCompile(b *testing.B) {
	for _, s := range sizes(true) {
		b.Run(s.name, func(b *testing.B) {
			p := planFor(b, s).pipeline
			loop(b, func() {
				if _, ds := compile.Compile(p, "pipeline.hcl"); ds.HasErrors() {
					b.Fatal(ds[0])
				}
			})
		})
	}
}

// BenchmarkEmit renders a plan for each target: building the document and writing YAML.
func BenchmarkEmit(b *testing.B) {
	for _, t := range all.Targets {
		b.Run(t.Name(), func(b *testing.B) {
			for _, s := range sizes(true) {
				b.Run(s.name, func(b *testing.B) {
					plan := planFor(b, s).plan
					loop(b, func() {
						if _, ds := t.Emit(plan); ds.HasErrors() {
							b.Fatal(ds[0])
						}
					})
				})
			}
		})
	}
}

// BenchmarkLint runs every rule and actionlint (in-process) on the GitHub workflow, with
// every target emitted, as pipec lint does after compiling. shellcheck, which actionlint
// starts as a process per script when it is on PATH, is left out: its processes cost
// more than all of this, and the comparison script measures them.
func BenchmarkLint(b *testing.B) {
	b.Setenv("PATH", "")
	for _, s := range sizes(false) {
		b.Run(s.name, func(b *testing.B) {
			plan := planFor(b, s).plan
			loop(b, func() { lint.Lint(plan, all.Targets) })
		})
	}
}

// BenchmarkLintRules is pipec's own rules alone, on outputs emitted once beforehand:
// BenchmarkLint without the back ends and actionlint, which cost the most of it and hide
// a rule's cost. The workflows' text is withheld, which only actionlint's rule reads (it
// skips a target without it).
func BenchmarkLintRules(b *testing.B) {
	for _, s := range sizes(false) {
		b.Run(s.name, func(b *testing.B) {
			plan := planFor(b, s).plan
			emitted := lint.EmittedFrom(plan, targets.EmitAll(plan, all.Targets))
			for i := range emitted {
				emitted[i].YAML = nil
			}
			loop(b, func() { lint.LintEmitted(plan, emitted) })
		})
	}
}

// BenchmarkGenerate is pipec generate without the process and the files: decode the HCL,
// compile, emit every target (targets.EmitAll, as the command does: on every core).
func BenchmarkGenerate(b *testing.B) {
	for _, s := range sizes(true) {
		b.Run(s.name, func(b *testing.B) {
			loop(b, func() {
				p, ds := hcl.Parse("pipeline.hcl", s.hcl)
				if ds.HasErrors() {
					b.Fatal(ds[0])
				}
				plan, ds := compile.Compile(p, "pipeline.hcl")
				if ds.HasErrors() {
					b.Fatal(ds[0])
				}
				for _, e := range targets.EmitAll(plan, all.Targets) {
					if e.Diags.HasErrors() {
						b.Fatal(fmt.Sprint(e.Target.Name(), e.Diags[0]))
					}
				}
			})
		})
	}
}
