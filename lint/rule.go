package lint

import (
	"fmt"
	"sort"

	"github.com/pipec-dev/pipec/compile"
	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/model"
	"github.com/pipec-dev/pipec/internal/par"
	"github.com/pipec-dev/pipec/targets"
)

// Category groups rules in docs and reports.
type Category string

const (
	Security    Category = "security"
	Correctness Category = "correctness"
	Portability Category = "portability"
)

// Rule is one lint check. Its ID is stable: users suppress and re-level rules by it.
type Rule struct {
	ID        string
	Category  Category
	Severity  diag.Severity // the default; a config file may re-level it
	Summary   string        // one line, lowercase, no period
	Rationale string        // why the rule exists: one paragraph
	Fix       string        // what to change
	// Compiler marks a check the compiler itself makes (compile.Check reports it under this
	// ID): the spec cannot be compiled while it fires, so `pipec generate` refuses it too.
	// Lint lists it with its own rules so that it is documented and explained like them,
	// but it cannot be suppressed or re-levelled, and it has no check of its own here.
	Compiler bool
	// beside marks a rule that runs on its own goroutine while the others run: actionlint
	// is most of a lint run's work, and the others together take less.
	beside bool
	check  func(*Pass)
}

// Pass is what a rule sees: the checked pipeline and its plan. Rules report through it.
type Pass struct {
	Pipeline *model.Pipeline
	Plan     *compile.Plan
	// Targets are the selected targets' names ("github", ...), in --target order.
	Targets []string
	// Emitted holds each selected target's output and diagnostics, for rules that read
	// the generated YAML.
	Emitted []Emitted

	rule *Rule
	out  diag.Diagnostics
	// facts are what several rules derive from the plan, computed once per Run.
	facts *facts
}

// facts caches what rules derive from the plan: each stage's events (stageRuns) and its
// jobs (jobsOf). One Run shares them between the passes of all its rules; computed per
// rule, or per stage, they made linting a large spec quadratic.
type facts struct {
	runs   [views]map[*model.Stage][]string // stageRuns, by view
	jobs   map[*model.Stage][]*compile.Job
	pinned map[*compile.Job]bool
	// pr holds how each stage runs for pull requests (stagePR).
	pr map[*model.Stage]prRuns
	// outputs maps "STAGE.KEY" to what the stage output may carry (outputCarried).
	outputs map[string]carried
}

// Emitted is one target's output for the spec.
type Emitted struct {
	Target string
	Path   string // the output path, relative to the repository
	YAML   []byte // nil when the target reported an error
	Diags  diag.Diagnostics
}

// Report records a finding of the running rule at rng.
func (p *Pass) Report(rng diag.Range, format string, args ...any) {
	p.out = append(p.out, &diag.Diagnostic{
		Severity: p.rule.Severity,
		Code:     p.rule.ID,
		Summary:  fmt.Sprintf(format, args...),
		Detail:   p.rule.Fix,
		Subject:  rng,
	})
}

// report records a finding with its own detail.
func (p *Pass) reportDetail(rng diag.Range, detail, format string, args ...any) {
	p.Report(rng, format, args...)
	p.out[len(p.out)-1].Detail = detail
}

// Lookup finds a rule by ID.
func Lookup(id string) *Rule {
	for _, r := range All {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// IDs lists every rule's ID, in All order.
func IDs() []string {
	out := make([]string, len(All))
	for i, r := range All {
		out[i] = r.ID
	}
	return out
}

// Run applies every rule to a compiled plan and returns the findings sorted by position,
// then rule ID. It never modifies the plan.
func Run(plan *compile.Plan, targets []string, emitted []Emitted) diag.Diagnostics {
	passes := make([]*Pass, len(All))
	shared := &facts{}
	var beside []*Pass
	for i, r := range All {
		if r.Compiler {
			continue // compile reported it, and the plan exists only because it did not fire
		}
		p := &Pass{Pipeline: plan.Pipeline, Plan: plan, Targets: targets, Emitted: emitted, rule: r, facts: shared}
		passes[i] = p
		if r.beside {
			p.facts = &facts{} // the shared facts are filled in as the other rules run
			beside = append(beside, p)
		}
	}
	// Call 0 runs the other rules one after another; each rule that runs beside them gets
	// a call, and a goroutine, of its own. A rule's panic comes back on the caller's
	// goroutine (par.Guarded), which reports it as an internal error.
	par.Guarded(1+len(beside), 1+len(beside), func(k int) {
		if k > 0 {
			beside[k-1].run()
			return
		}
		for _, p := range passes {
			if p != nil && !p.rule.beside {
				p.run()
			}
		}
	})
	var out diag.Diagnostics
	for _, p := range passes {
		if p != nil {
			out = append(out, p.out...)
		}
	}
	Sort(out)
	// A strategy's jobs repeat the stage's steps: one finding per place is enough.
	var uniq diag.Diagnostics
	for i, d := range out {
		if i > 0 {
			prev := uniq[len(uniq)-1]
			if prev.Code == d.Code && prev.Subject == d.Subject && prev.Summary == d.Summary && prev.Severity == d.Severity {
				continue
			}
		}
		uniq = append(uniq, d)
	}
	return uniq
}

// run runs the pass's rule; a panic names the rule.
func (p *Pass) run() {
	defer func() {
		if e := recover(); e != nil {
			// Still on the panicking goroutine's stack, so Guarded's trace shows where.
			panic(fmt.Sprintf("rule %s: %v", p.rule.ID, e))
		}
	}()
	p.rule.check(p)
}

// Sort orders findings by file, line, column, then code, then summary.
func Sort(ds diag.Diagnostics) {
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i], ds[j]
		if a.Subject.Filename != b.Subject.Filename {
			return a.Subject.Filename < b.Subject.Filename
		}
		if a.Subject.Start.Line != b.Subject.Start.Line {
			return a.Subject.Start.Line < b.Subject.Start.Line
		}
		if a.Subject.Start.Column != b.Subject.Start.Column {
			return a.Subject.Start.Column < b.Subject.Start.Column
		}
		if a.Code != b.Code {
			return a.Code < b.Code
		}
		return a.Summary < b.Summary
	})
}

// Lint emits the plan for each target, then lints the plan and the outputs (Emitted).
func Lint(plan *compile.Plan, ts []targets.Target) diag.Diagnostics {
	return LintEmitted(plan, EmittedFrom(plan, targets.EmitAll(plan, ts)))
}

// EmittedFrom is what the rules read of the targets' emissions of plan.
func EmittedFrom(plan *compile.Plan, es []targets.Emission) []Emitted {
	out := make([]Emitted, len(es))
	for i, e := range es {
		out[i] = Emitted{Target: e.Target.Name(), Path: e.Target.OutputPath(plan), YAML: e.YAML, Diags: e.Diags}
	}
	return out
}

// LintEmitted runs every rule over a plan and the targets' outputs already built from
// it (pipec generate --lint has them). Target errors are returned as they are (they fail
// the spec for that target); target warnings become target-unsupported findings.
func LintEmitted(plan *compile.Plan, emitted []Emitted) diag.Diagnostics {
	var names []string
	var out diag.Diagnostics
	for _, e := range emitted {
		names = append(names, e.Target)
		for _, d := range e.Diags {
			if d.Severity == diag.Error {
				out = append(out, d)
			}
		}
	}
	out = append(out, Run(plan, names, emitted)...)
	Sort(out)
	return out
}
