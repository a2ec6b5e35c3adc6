package circleci

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/pipec-dev/pipec/compile"
	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/expr"
	"github.com/pipec-dev/pipec/compile/model"
	"github.com/pipec-dev/pipec/targets"
)

const target = "circleci"

// cjob is one CircleCI job: a plan job, one batch of a rolling deploy, or an approval
// entry of the workflow (approval jobs have no definition under `jobs:`).
type cjob struct {
	*compile.Job
	name     string
	batch    int  // rolling: 1..Batches
	approval bool // a `type: approval` workflow entry before Job
	needs    []*cjob
	// static is the condition CircleCI decides when it creates the pipeline (the job's
	// own and those of every job it needs, so a job never runs without its needs); it
	// becomes the workflow entry's `filters`.
	static expr.Expr
	// runtime is the part of the job's condition only the job can decide (stage outputs,
	// matrix values, values that are not pipeline values): it ends the job early.
	runtime expr.Expr
	// mayEnd marks a job that can end early at run time; it records that in the
	// workspace (.pipec/status/JOB) for the jobs after it.
	mayEnd bool
	// endsAt is the run-time condition part that may end the job early, its own or that of
	// a job it needs (nil when it cannot): where an approval after it is said to wait in
	// vain.
	endsAt expr.Expr
	endsIn *model.Stage // the stage whose condition endsAt is
	// rollback is the stage's rollback job, whose steps run in this job `when: on_fail`.
	rollback *compile.Job
}

type emitter struct {
	plan      *compile.Plan
	jobs      []*cjob
	byPlan    map[*compile.Job][]*cjob
	gates     map[*cjob]*cjob // the approval entry a job waits for
	rollbacks map[*model.Stage]*compile.Job
	warned    map[string]bool
	diags     diag.Diagnostics
	// pushOnly is set while rendering a filter that already requires a push event.
	pushOnly bool
}

func newEmitter(p *compile.Plan) *emitter {
	return &emitter{plan: p, byPlan: map[*compile.Job][]*cjob{}, gates: map[*cjob]*cjob{},
		rollbacks: map[*model.Stage]*compile.Job{}, warned: map[string]bool{}}
}

func (e *emitter) errorf(rng diag.Range, code, detail, format string, args ...any) {
	e.diags.Errorf(rng, code, detail, format, args...).Target = target
}

func (e *emitter) warnf(rng diag.Range, code, detail, format string, args ...any) {
	e.diags.Warnf(rng, code, detail, format, args...).Target = target
}

// warnOnce warns once per code, spec position and message (a default shared by many
// jobs, the batches of one stage): two different warnings at one place are both said.
func (e *emitter) warnOnce(rng diag.Range, code, detail, format string, args ...any) {
	key := code + "@" + rng.String() + ":" + fmt.Sprintf(format, args...)
	if e.warned[key] {
		return
	}
	e.warned[key] = true
	e.warnf(rng, code, detail, format, args...)
}

func (e *emitter) emit() ([]byte, diag.Diagnostics) {
	e.expand()
	e.checkSecretNames()
	e.checkEnvNames()
	p := e.plan.Pipeline
	var doc targets.Map
	targets.Set(&doc, "version", targets.RawNumber("2.1"))
	if params := e.parameters(); len(params) > 0 {
		targets.Set(&doc, "parameters", params)
	}
	var jobs targets.Keyed
	var entries []any
	for _, j := range e.jobs {
		if !j.approval {
			jobs.Set(j.name, e.job(j))
		}
		entries = append(entries, e.entry(j))
	}
	targets.Set(&doc, "jobs", jobs.Map())
	wf := targets.Map{}
	if when := e.workflowWhen(); when != "" {
		// Its strings are the spec's text (a branch may be named a<<b>>), which
		// CircleCI would read as << parameters >> too.
		targets.Set(&wf, "when", escapeParams(when))
	}
	targets.Set(&wf, "jobs", entries)
	targets.Set(&doc, "workflows", targets.Map{{Key: workflowName(p.Name), Value: wf}})
	e.diags.Sort()
	if e.diags.HasErrors() {
		return nil, e.diags
	}
	out, err := targets.Encode(targets.Header(e.plan), doc)
	if err == nil && bytes.Contains(out, []byte("pipeline.event.name")) {
		// Said once, where the triggers are: CircleCI sets this value for GitHub App
		// projects only, and on other projects the conditions that read it never hold.
		e.warnf(p.On.Range, "github-app-values", "CircleCI sets pipeline.event.name for projects connected through the GitHub App only; on OAuth, Bitbucket and GitLab projects it is empty, so a test that the event is X never holds and a test that it is not X always does: connect the project through the GitHub App", "the CircleCI config tells events apart with pipeline.event.name")
		e.diags.Sort()
	}
	if err != nil {
		panic(fmt.Sprintf("circleci: encoding a file built from ordered maps: %v", err))
	}
	return out, e.diags
}

// workflowName is the pipeline's name: CircleCI accepts any non-empty workflow name.
func workflowName(s string) string { return s }

// jobName turns a plan job ID into a CircleCI job name (^[A-Za-z][A-Za-z\s\d_-]*$):
// characters outside the set become '-', and a name that does not start with a letter
// gets a "job-" prefix. The mapping is deterministic; collisions are errors.
func jobName(id string) string {
	var b strings.Builder
	for _, r := range id {
		if r == '-' || r == '_' || r == ' ' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		} else {
			b.WriteByte('-')
		}
	}
	s := b.String()
	if s == "" || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')) {
		s = "job-" + s
	}
	return s
}

// expand turns plan jobs into CircleCI jobs. A rolling deploy becomes one job per batch,
// in waves of max_parallel; an approval becomes a `type: approval` entry the gated job
// requires; a rollback job becomes `when: on_fail` steps of each of its stage's jobs.
func (e *emitter) expand() {
	names := map[string]*compile.Job{}
	claim := func(j *compile.Job, id string) string {
		name := jobName(id)
		key := strings.ToLower(name)
		if other, ok := names[key]; ok && other != j {
			e.errorf(j.Stage.NameRange, "job-name-collision", fmt.Sprintf("stage %q also becomes CircleCI job %q (CircleCI compares job names without case); rename one of them", other.Stage.Name, name), "two jobs become CircleCI job %q", name)
		}
		names[key] = j
		return name
	}
	// A matrix entry also stands for the jobs CircleCI expands it to, each named after
	// the entry and its cell's values joined by '-' (test-3.12-linux). Such a name that
	// another job has, or that two cells share, is two jobs of one name in the workflow,
	// which CircleCI refuses.
	claimCells := func(j *compile.Job, name string) {
		g := newGrid(j.Matrix)
		mine := map[string]int{} // a cell's names, lower case, to the cell's index
		for i, c := range g.cells {
			for _, n := range cellJobNames(name, g.keys, c) {
				key := strings.ToLower(n)
				if k, ok := mine[key]; ok && k != i {
					e.errorf(j.Matrix.Range, "job-name-collision", fmt.Sprintf("CircleCI names each job of a matrix after the stage and the cell's values joined by '-', and two cells of this matrix give %q (CircleCI compares job names without case); change one of their values", n), "two cells of stage %q become CircleCI job %q", j.Stage.Name, n)
					return
				}
				mine[key] = i
				if other, ok := names[key]; ok && other != j {
					d := e.diags.Errorf(j.Matrix.Range, "job-name-collision", fmt.Sprintf("CircleCI names each job of a matrix after the stage and the cell's values joined by '-', and stage %q already becomes a job of that name (CircleCI compares job names without case); rename the stage or change the value", other.Stage.Name), "a cell of stage %q becomes CircleCI job %q, which already exists", j.Stage.Name, n)
					d.Target = target
					d.Related = append(d.Related, diag.Note{Message: "the other one", Subject: other.Stage.NameRange})
					return
				}
			}
		}
		for key := range mine {
			names[key] = j
		}
	}
	for _, j := range e.plan.Jobs {
		if j.Role == compile.RoleRollback {
			e.rollbacks[j.Stage] = j
		}
	}
	gate := func(g *cjob) {
		a := &cjob{Job: g.Job, approval: true, name: claim(g.Job, g.ID+"-approval")}
		e.gates[g] = a
		e.jobs = append(e.jobs, a)
		e.approvers(g, a.name)
	}
	for _, j := range e.plan.Jobs {
		if j.Role == compile.RoleRollback {
			continue
		}
		rb := e.rollbacks[j.Stage]
		if d := j.Deploy; d != nil && d.Strategy == model.StrategyRolling && j.Role == compile.RoleMain {
			var batches []*cjob
			for i := 1; i <= d.Batches; i++ {
				batches = append(batches, &cjob{Job: j, batch: i, name: claim(j, fmt.Sprintf("%s-batch-%d", j.ID, i)), rollback: rb})
			}
			if j.Environment.NeedsApproval() {
				// One approval for every batch: the first wave waits for it.
				gate(batches[0])
				for _, b := range batches[1:min(len(batches), max(d.MaxParallel, 1))] {
					e.gates[b] = e.gates[batches[0]]
				}
			}
			e.byPlan[j] = batches
			e.jobs = append(e.jobs, batches...)
			continue
		}
		g := &cjob{Job: j, name: claim(j, j.ID), rollback: rb}
		if j.Matrix != nil {
			claimCells(j, g.name)
		}
		first := j.Role == compile.RoleMain && j.Deploy != nil && j.Deploy.Step == 1
		if j.Approval || (j.Environment != nil && j.Environment.NeedsApproval() && first) {
			gate(g)
		}
		e.byPlan[j] = []*cjob{g}
		e.jobs = append(e.jobs, g)
	}
	for _, g := range e.jobs {
		if g.approval {
			continue
		}
		if g.batch > 0 {
			m := max(g.Deploy.MaxParallel, 1)
			if wave := (g.batch - 1) / m; wave > 0 {
				g.needs = append(g.needs, e.byPlan[g.Job][(wave-1)*m:wave*m]...)
			}
		}
		for _, n := range g.Job.Needs {
			g.needs = append(g.needs, e.byPlan[n]...)
		}
		g.static, g.runtime = e.split(g)
		g.endsAt, g.endsIn = expr.Filter(g.runtime, notMatrix), g.Stage
		for _, n := range g.needs {
			g.static = expr.And(g.static, expr.Filter(n.static, notMatrix))
			g.mayEnd = g.mayEnd || n.mayEnd
			if g.endsAt == nil {
				g.endsAt, g.endsIn = n.endsAt, n.endsIn
			}
		}
		g.static = expr.Filter(g.static, func(expr.Expr) bool { return true })
		g.mayEnd = g.mayEnd || g.runtime != nil
	}
	// An approval entry waits for what its job waits for, under the same filters.
	for g, a := range e.gates {
		if a.Job == g.Job && a.needs == nil && a.static == nil {
			a.needs, a.static = g.needs, expr.Filter(g.static, notMatrix)
		}
	}
	for _, g := range e.jobs {
		// A matrix value chooses cells, which one approval covers together.
		if e.gates[g] == nil {
			continue
		}
		if c := expr.Filter(g.runtime, notMatrix); c != nil {
			e.approvalBeforeCondition(g, c)
		}
		e.approvalAfterEarlyEnd(g)
	}
}

// approvalAfterEarlyEnd warns that a gated job needs a job of another stage that may end
// early at run time: the gated job then ends early too, but nothing can skip its approval
// job, so such a run still waits for a person and then deploys nothing. Said at the
// condition part that ends the first job early.
func (e *emitter) approvalAfterEarlyEnd(g *cjob) {
	for _, n := range g.needs {
		if n.endsAt == nil || n.endsIn == g.Stage {
			continue // its own condition: approvalBeforeCondition
		}
		e.warnOnce(n.endsAt.Range(), "approval-before-condition", fmt.Sprintf("CircleCI decides this part of stage %q's condition in its job at run time; when it is false that job ends early, and so does every job after it, but nothing can skip the approval job of stage %q, which needs it: a person is still asked to approve (or to cancel the workflow) a deploy that then does nothing", n.endsIn.Name, g.Stage.Name), "stage %q asks for approval even when stage %q ends early at run time on CircleCI", g.Stage.Name, n.endsIn.Name)
	}
}

// approvalBeforeCondition warns that a gated job decides part of its condition only
// when it runs, after its approval: an approval job has no steps to decide it with, and
// nothing can skip one at run time, so a run where that part is false still waits for a
// person and then deploys nothing.
func (e *emitter) approvalBeforeCondition(g *cjob, runtime expr.Expr) {
	e.warnOnce(runtime.Range(), "approval-before-condition", fmt.Sprintf("CircleCI decides this part of stage %q's condition in the job itself, which starts after its approval job: a run where it is false still waits for someone to approve (or to cancel the workflow), and then ends without deploying; conditions on branches, tags, events and inputs are decided before the approval", g.Stage.Name), "stage %q asks for approval before its condition is decided on CircleCI", g.Stage.Name)
}

// approvers says who may approve on CircleCI: anyone with write access, unless the
// gated job uses a restricted context, which CircleCI runs only when the person who
// approved belongs to the context's security group. Said once per approval attribute,
// unless the stage names a context.
func (e *emitter) approvers(g *cjob, approval string) {
	if n := g.Native(target); n != nil {
		for _, ent := range n.Body.Map {
			if ent.Key == "context" {
				return
			}
		}
	}
	// A canary's later increments are gated by its own approval, the first job by the
	// environment's (a canary may ask only before it increases traffic).
	var rng diag.Range
	var what string
	if g.Approval {
		rng, what = g.Stage.Strategy.Approval.Range, fmt.Sprintf("stage %q's canary", g.Stage.Name)
	} else {
		rng, what = g.Environment.Approval.Range, fmt.Sprintf("environment %q", g.Environment.Name)
	}
	e.warnOnce(rng, "approval-unrestricted", fmt.Sprintf("CircleCI lets anyone with write access to the project approve a type: approval job (here %q); to let only a team approve, give the stage a context restricted to that team's security group (native \"circleci\" { context = [\"NAME\"] }): CircleCI then runs the job only when the person who approved belongs to it", approval), "anyone with write access approves %s on CircleCI", what)
}

// notMatrix keeps the conjuncts that do not test matrix values: those choose cells of the
// matrix job, and the jobs that need it have no cells.
func notMatrix(c expr.Expr) bool { return !expr.Reads(c, "matrix") }

// split divides a job's condition into what CircleCI decides when it creates the pipeline
// (pipeline values and parameters) and what only the job can decide.
func (e *emitter) split(g *cjob) (static, runtime expr.Expr) {
	for _, c := range expr.Conjuncts(g.When) {
		if staticOK(c) {
			static = expr.And(static, c)
		} else {
			runtime = expr.And(runtime, c)
		}
	}
	return static, runtime
}

// entryKeys are the keys of a workflow entry (not of the job): a native block's keys
// among them go to the entry.
var entryKeys = map[string]bool{
	"context": true, "serial-group": true, "filters": true, "requires": true, "name": true,
	"matrix": true, "pre-steps": true, "post-steps": true, "override-with": true,
}

// entry is the job's item in the workflow's `jobs:` list.
func (e *emitter) entry(j *cjob) any {
	var m targets.Map
	if j.approval {
		targets.Set(&m, "type", "approval")
	}
	var req []any
	seen := map[string]bool{}
	add := func(n *cjob) {
		if seen[n.name] {
			return
		}
		seen[n.name] = true
		if n.AllowFailure && !n.approval && n.Stage != j.Stage {
			// A stage that may fail does not stop the stages after it; inside its own
			// chain (canary increments, blue/green switch, rolling waves) a failure still
			// stops the rest.
			req = append(req, targets.Map{{Key: n.name, Value: []any{"success", "failed"}}})
		} else {
			req = append(req, n.name)
		}
	}
	if a := e.gates[j]; a != nil && !j.approval {
		add(a)
	}
	for _, n := range j.needs {
		add(n)
	}
	if !j.approval {
		for _, u := range j.Consumes {
			for _, n := range e.byPlan[u.From] {
				add(n)
			}
		}
	}
	if len(req) > 0 {
		targets.Set(&m, "requires", req)
	}
	var filter string // the expression filter written for the job's condition
	switch {
	case j.static != nil:
		filter = e.filters(j)
		targets.Set(&m, "filters", escapeParams(filter))
	case e.tagPipelines():
		// CircleCI skips a job in a tag pipeline unless the job has a tag filter, and so
		// everything that requires it. An expression filter decides by itself; a job
		// without one admits every tag, so the workflow's `when` alone decides.
		targets.Set(&m, "filters", targets.Map{{Key: "tags", Value: targets.Map{{Key: "only", Value: "/.*/"}}}})
	}
	if env := j.Environment; env != nil && !j.approval {
		// One deployment to an environment at a time, as the other targets' concurrency
		// groups and resource groups do. Serial groups span the organization, hence the
		// project slug; a rolling batch has its own, so max_parallel batches run at once,
		// after a '/', which no environment's name holds (environment prod-batch-1 is not
		// batch 1 of prod).
		group := "<< pipeline.project.slug >>/deploy-" + env.Name
		if j.batch > 0 {
			group += fmt.Sprintf("/batch-%d", j.batch)
		}
		targets.Set(&m, "serial-group", group)
	}
	if !j.approval && j.Matrix != nil {
		if mx := e.matrix(j); mx != nil {
			targets.Set(&m, "matrix", mx)
		}
	}
	if n := j.Native(target); n != nil && !j.approval {
		if filter != "" {
			e.warnNativeFilters(j, n, filter)
		}
		entryKey := func(k string) bool { return entryKeys[k] }
		e.diags.Append(targets.MergeNative(&m, n, j.Stage.Name, target, entryKey))
	}
	if len(m) == 0 {
		return j.name
	}
	return targets.Map{{Key: j.name, Value: m}}
}

// warnNativeFilters warns at a native `filters` that replaces the expression filter pipec
// wrote for the job's condition (native-replaces-condition): CircleCI takes one filter
// per workflow entry, so the job would run whenever the native filter admits it, and the
// condition would be gone without a word. MergeNative says nothing here: a mapping
// replacing a string replaces no list or mapping pipec wrote.
func (e *emitter) warnNativeFilters(j *cjob, n *model.Native, filter string) {
	for _, ent := range n.Body.Map {
		if ent.Key != "filters" || ent.Value.Kind == model.KindList {
			continue // a list is bad-native-value
		}
		e.warnOnce(ent.KeyRange, "native-replaces-condition",
			fmt.Sprintf("CircleCI takes one filter per workflow entry, and pipec wrote the condition there (the stage's when, and those of the stages it needs) as the expression `%s`; the native filters replace it, so the job runs whenever they admit it. Write one expression that says both (filters = \"(%s) and ...\"), or keep the native filters to drop the condition on purpose", filter, filter),
			"native %q filters replace the condition pipec wrote for stage %q", n.Target, j.Stage.Name)
	}
}

// paramName is CircleCI's rule for parameter names.
var paramName = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z][a-z0-9_-]*$`) })

// checkParamName reports an input or matrix axis name CircleCI refuses as a parameter.
func (e *emitter) checkParamName(rng diag.Range, what, name string) {
	if !paramName().MatchString(name) {
		e.errorf(rng, "parameter-name", "CircleCI parameter names start with a lowercase letter and hold lowercase letters, digits, '_' and '-'; rename it", "%s %q cannot be a CircleCI parameter", what, name)
	}
}

// invocationKeys are the keys of a workflow's job entry. CircleCI passes a job's
// parameters as keys of that entry too (a matrix expands into entries with one key per
// parameter), so a parameter of one of these names would be read as the key instead.
var invocationKeys = map[string]bool{
	"name": true, "requires": true, "context": true, "type": true, "filters": true,
	"matrix": true, "pre-steps": true, "post-steps": true, "serial-group": true, "override-with": true,
}

// checkJobParamName reports a job parameter (a matrix key) named like a key of the
// workflow entry that invokes the job.
func (e *emitter) checkJobParamName(rng diag.Range, what, name string) {
	if invocationKeys[name] {
		e.errorf(rng, "parameter-name", fmt.Sprintf("CircleCI passes a matrix's values as keys of the workflow entry that runs the job, where %q already means something (the entry's %s); rename it", name, name), "%s %q cannot be a CircleCI job parameter", what, name)
	}
}

// noParams reports, as an error at rng, text of a pipeline parameter's definition that
// CircleCI would read as a << parameter >>: a parameter's default is what scripts
// receive, and whether CircleCI reads the \<< escape inside a parameter's own
// definition is not documented, so such text cannot be written safely there.
func (e *emitter) noParams(rng diag.Range, what, text string) {
	if paramLike().MatchString(text) {
		e.errorf(rng, "unsupported-character", "CircleCI reads \"<< ... >>\" as a pipeline value or parameter in its config, and a parameter's default or options cannot hold one literally; write the text otherwise (\"< < ... > >\")", "%s %q cannot be written on CircleCI", what, text)
	}
}

// parameters renders the manual inputs as pipeline parameters. CircleCI creates every
// pipeline with the defaults unless someone passes values, so every input gets one.
func (e *emitter) parameters() targets.Map {
	t := e.plan.Pipeline.On
	if t == nil || t.Manual == nil {
		return nil
	}
	var params targets.Map
	for _, in := range t.Manual.Inputs {
		if in.Required {
			e.warnf(in.NameRange, "input-required-unsupported", "CircleCI starts pipelines that no person started (pushes, schedules) with each input's default, so every input has one and none can be required: the default applies when no value is given", "input %q cannot be required on CircleCI", in.Name)
		}
		e.checkParamName(in.NameRange, "input", in.Name)
		var m targets.Map
		typ := in.Type.Value
		switch typ {
		case model.InputBoolean:
			targets.Set(&m, "type", "boolean")
		case model.InputNumber:
			targets.Set(&m, "type", "integer")
		case model.InputChoice:
			targets.Set(&m, "type", "enum")
		default:
			targets.Set(&m, "type", "string")
		}
		if in.Description != "" {
			e.noParams(in.Range, "input "+in.Name+"'s description", in.Description)
			targets.Set(&m, "description", in.Description)
		}
		if in.Default != nil && typ == model.InputNumber && strings.ContainsAny(in.Default.Str, ".eE") {
			e.errorf(in.Default.Range, "non-integer-input", "CircleCI's pipeline parameters are integers; use a string input", "input %q's default is not an integer", in.Name)
		}
		if in.Default != nil && in.Default.Kind == model.KindString {
			e.noParams(in.Default.Range, "input "+in.Name+"'s default", in.Default.Str)
		}
		targets.Set(&m, "default", targets.InputDefault(in))
		if typ == model.InputChoice {
			var opts []any
			for _, o := range in.Options {
				e.noParams(o.Range, "input "+in.Name+"'s option", o.Value)
				opts = append(opts, o.Value)
			}
			targets.Set(&m, "enum", opts)
		}
		targets.Set(&params, in.Name, m)
	}
	return params
}

// filters renders the job's static condition: each conjunct once (needs repeat them,
// and an environment's branch rule often says what the stage's own when says).
func (e *emitter) filters(j *cjob) string {
	var parts []string
	seen := map[string]bool{}
	cs := expr.Conjuncts(j.static)
	// A condition that already requires a push needs no pull-request guard on its ref tests.
	for _, c := range cs {
		if b, ok := c.(*expr.Binary); ok && b.Op == "==" {
			if r, lit, ok := expr.RefAndLiteral(b); ok && r.String() == "ci.event" && lit == "push" {
				e.pushOnly = true
			}
		}
	}
	defer func() { e.pushOnly = false }()
	for _, c := range cs {
		s := e.filterOperand(c, j)
		if !seen[s] {
			seen[s] = true
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, " and ")
}

// cellJobNames are the names CircleCI may give the job of one matrix cell: the entry's
// name and the cell's values joined by '-', the values in the order the parameters are
// written and in the order of their names (CircleCI's documentation shows neither for
// certain), once each.
func cellJobNames(name string, keys []string, cell map[string]string) []string {
	parts := []string{name}
	for _, k := range keys {
		parts = append(parts, cell[k])
	}
	written := strings.Join(parts, "-")
	sorted := slices.Sorted(slices.Values(keys))
	parts = parts[:1]
	for _, k := range sorted {
		parts = append(parts, cell[k])
	}
	if byName := strings.Join(parts, "-"); byName != written {
		return []string{written, byName}
	}
	return []string{written}
}
