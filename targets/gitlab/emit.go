package gitlab

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/pipec-dev/pipec/compile"
	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/expr"
	"github.com/pipec-dev/pipec/compile/model"
	"github.com/pipec-dev/pipec/targets"
)

const target = "gitlab"

// maxInputOptions is the most options GitLab takes for one input of `spec: inputs`.
const maxInputOptions = 50

// gjob is one GitLab job: a plan job, or one batch of a rolling deploy.
type gjob struct {
	*compile.Job
	name  string
	batch int // rolling: 1..Batches
	// cell is the matrix cell a rollback job undoes: a matrix stage's rollback is one
	// job per cell, which needs that cell's job alone (rollbackCells).
	cell  model.Cell
	needs []*gjob
	depth int
	// static is the condition GitLab decides when it creates the pipeline: the job's own
	// and those of every job it needs, so a job never exists without its needs.
	static expr.Expr
	// runtime is the job's own condition when it reads stage outputs: the job tests it
	// when it starts and ends early.
	runtime expr.Expr
	// link is what one rollback job of a chain needs of its stage: one link of the
	// chain (rollbackLinks).
	link []*gjob
	// gate marks the manual job a rolling deploy to an environment with approval waits
	// for: one approval for every batch.
	gate bool
	// mayEnd marks a job that can end early at run time (its own condition, or a need
	// that ended early): it tells the jobs after it through its dotenv report.
	mayEnd bool
}

type emitter struct {
	plan   *compile.Plan
	jobs   []*gjob
	byPlan map[*compile.Job][]*gjob
	gates  map[*compile.Job]*gjob
	diags  diag.Diagnostics
	// reported holds the (stage, code) pairs already reported: a stage becomes several
	// jobs (batches, increments, rollback), and a mistake in it is reported once.
	reported map[stageCode]bool
	// interpolated holds the positions of text already reported as holding "$[[".
	interpolated map[diag.Range]bool
	// expanded holds the positions of text already reported as holding a "$NAME".
	expanded map[diag.Range]bool
	// stageNames holds the GitLab stage's name of each depth of the graph (stageName).
	stageNames map[int]string
}

type stageCode struct {
	stage *model.Stage
	code  string
}

func newEmitter(p *compile.Plan) *emitter {
	return &emitter{plan: p, byPlan: map[*compile.Job][]*gjob{}, gates: map[*compile.Job]*gjob{}, reported: map[stageCode]bool{}, interpolated: map[diag.Range]bool{}, expanded: map[diag.Range]bool{}}
}

func (e *emitter) errorf(rng diag.Range, code, detail, format string, args ...any) {
	e.diags.Errorf(rng, code, detail, format, args...).Target = target
}

// stageErrorf reports an error about a stage once, however many jobs it becomes.
func (e *emitter) stageErrorf(st *model.Stage, rng diag.Range, code, detail, format string, args ...any) {
	if k := (stageCode{st, code}); !e.reported[k] {
		e.reported[k] = true
		e.errorf(rng, code, detail, format, args...)
	}
}

// stageWarnf reports a warning about a stage once per key, however many jobs it becomes.
func (e *emitter) stageWarnf(st *model.Stage, key string, rng diag.Range, code, detail, format string, args ...any) {
	if k := (stageCode{st, code + " " + key}); !e.reported[k] {
		e.reported[k] = true
		e.warnf(rng, code, detail, format, args...)
	}
}

func (e *emitter) warnf(rng diag.Range, code, detail, format string, args ...any) {
	e.diags.Warnf(rng, code, detail, format, args...).Target = target
}

// reserved are top-level keys of a GitLab file, and names GitLab gives a meaning to.
var reserved = map[string]bool{
	"image": true, "services": true, "stages": true, "types": true, "before_script": true,
	"after_script": true, "variables": true, "cache": true, "include": true, "default": true,
	"workflow": true, "spec": true, "pages": true, "true": true, "false": true, "nil": true,
}

func (e *emitter) emit() ([]byte, diag.Diagnostics) {
	e.expand()
	e.checkSecretNames()
	e.checkEnvNames()
	// One key per job: Keyed keeps setting them linear.
	var doc targets.Keyed
	doc.Set("workflow", e.workflow())
	stages := e.stages()
	e.checkStageOrder(stages)
	doc.Set("stages", stages)
	if vars := e.globalVariables(); len(vars) > 0 {
		doc.Set("variables", vars)
	}
	for _, j := range e.jobs {
		doc.Set(j.name, e.job(j))
	}
	e.diags.Sort()
	if e.diags.HasErrors() {
		return nil, e.diags
	}
	header := targets.Header(e.plan)
	var out []byte
	if spec := e.inputsSpec(); spec != nil {
		b, err := targets.Encode(header, spec)
		if err != nil {
			panic(fmt.Sprintf("gitlab: encoding the inputs header: %v", err))
		}
		out = append(b, []byte("---\n")...)
		header = ""
	}
	b, err := targets.Encode(header, doc.Map())
	if err != nil {
		panic(fmt.Sprintf("gitlab: encoding a file built from ordered maps: %v", err))
	}
	return append(out, b...), e.diags
}

// expand turns plan jobs into GitLab jobs. A rolling deploy becomes one job per batch, in
// waves of max_parallel: every batch waits for the whole wave before it, so a failed
// batch stops the batches after it, as on the other platforms.
func (e *emitter) expand() {
	// Jobs are told apart by their variable form too: a job that ends early tells the
	// jobs after it through $PIPEC_SKIPPED_NAME (skipVar), and GitLab hands a job the
	// variables of every job it needs, so deploy-batch-1 (a batch) and deploy_batch_1 (a
	// stage) would be one job to a stage that needs both.
	type claimed struct {
		job  *compile.Job
		name string
	}
	names := map[string]claimed{}
	claim := func(j *compile.Job, name string) string {
		if reserved[name] {
			name += "-job"
		}
		key := targets.EnvName(name)
		if other, ok := names[key]; ok && other.job != j {
			if other.name == name {
				e.errorf(j.Stage.NameRange, "job-name-collision", fmt.Sprintf("stage %q also becomes GitLab job %q; rename one of them", other.job.Stage.Name, name), "two jobs become GitLab job %q", name)
			} else {
				e.errorf(j.Stage.NameRange, "job-name-collision", fmt.Sprintf("stage %q becomes GitLab job %q, and pipec tells the jobs after a job whether it ran through a variable named after it, $PIPEC_SKIPPED_%s, which a job that needs both would read for the two; rename one of the stages", other.job.Stage.Name, other.name, key), "GitLab jobs %q and %q share one variable", other.name, name)
			}
			return name
		}
		names[key] = claimed{j, name}
		return name
	}
	for _, j := range e.plan.Jobs {
		if d := j.Deploy; d != nil && d.Strategy == model.StrategyRolling && j.Role == compile.RoleMain {
			if j.Environment.NeedsApproval() {
				gate := &gjob{Job: j, gate: true, name: claim(j, j.ID+"-approval")}
				e.gates[j] = gate
				e.jobs = append(e.jobs, gate)
			}
			var batches []*gjob
			for i := 1; i <= d.Batches; i++ {
				g := &gjob{Job: j, batch: i, name: claim(j, fmt.Sprintf("%s-batch-%d", j.ID, i))}
				batches = append(batches, g)
			}
			e.byPlan[j] = batches
			e.jobs = append(e.jobs, batches...)
			continue
		}
		if j.Role == compile.RoleRollback && j.Matrix != nil {
			cells := e.rollbackCells(j, claim)
			e.byPlan[j] = cells
			e.jobs = append(e.jobs, cells...)
			continue
		}
		if j.Role == compile.RoleRollback {
			rbs := e.rollbackLinks(j, claim)
			e.byPlan[j] = rbs
			e.jobs = append(e.jobs, rbs...)
			continue
		}
		g := &gjob{Job: j, name: claim(j, j.ID)}
		e.byPlan[j] = []*gjob{g}
		e.jobs = append(e.jobs, g)
	}
	for _, g := range e.jobs {
		if g.batch > 0 {
			// The wave before this batch's, or the approval gate for the first wave.
			m := g.Deploy.MaxParallel
			wave := (g.batch - 1) / m
			if wave > 0 {
				g.needs = append(g.needs, e.byPlan[g.Job][(wave-1)*m:wave*m]...)
			} else if gate := e.gates[g.Job]; gate != nil {
				g.needs = append(g.needs, gate)
			}
		}
		g.needs = append(g.needs, g.link...)
		for _, n := range g.Job.Needs {
			// A rollback waits only for its own stage's jobs: GitLab runs an on_failure
			// job when any job it needs failed, and a failure upstream of the deploy
			// must not roll anything back.
			if g.OnFailure && n.Stage != g.Stage || g.link != nil && n.Stage == g.Stage {
				continue
			}
			g.needs = append(g.needs, e.byPlan[n]...)
		}
		for _, n := range g.needs {
			g.depth = max(g.depth, n.depth+1)
		}
		// What GitLab decides when it creates the pipeline goes into rules; the parts
		// rules cannot say (stage outputs, see decidedByJob) only the job can decide. An
		// environment's branch rule is always in the rules, so a job that may not deploy
		// never exists.
		g.static = expr.Filter(g.When, func(c expr.Expr) bool { return !decidedByJob(c) && !cellTest(c) })
		g.runtime = expr.Filter(g.When, decidedByJob)
		for _, n := range g.needs {
			// Conditions on matrix values choose cells of the matrix job; the jobs that
			// need it have no cells, except a cell's rollback, which sets the cell's
			// values as its variables and so exists exactly when that cell does.
			if g.cell != nil && n.Stage == g.Stage {
				g.static = expr.And(g.static, n.static)
			} else {
				g.static = expr.And(g.static, expr.Filter(n.static, func(c expr.Expr) bool { return !expr.Reads(c, "matrix") }))
			}
			g.mayEnd = g.mayEnd || n.mayEnd
		}
		g.static = expr.Filter(g.static, func(expr.Expr) bool { return true })
		// An approval gate runs no script of pipec's, so it never ends early; the first
		// wave after it tests the stage's condition and its needs itself.
		g.mayEnd = (g.mayEnd || g.runtime != nil) && !g.gate
	}
}

// rollbackCells turns the rollback job of a matrix stage into one job per cell, named as
// GitLab names the cells of a matrix job ("deploy-rollback: [eu]"). A rollback with the
// same parallel:matrix would need every cell of the stage (GitLab's needs name a cell
// only by its values), and so would roll back every cell when one failed, or none.
func (e *emitter) rollbackCells(j *compile.Job, claim func(*compile.Job, string) string) []*gjob {
	var out []*gjob
	for _, c := range chosenCells(j) {
		vals := make([]string, len(c))
		for i, kv := range c {
			vals[i] = kv.Value
		}
		name := claim(j, j.ID+": ["+strings.Join(vals, ", ")+"]")
		e.cellNameLength(j, name)
		out = append(out, &gjob{Job: j, cell: c, name: name})
	}
	return out
}

// rollbackLinks lays out the rollback job of a stage whose jobs form a chain (canary
// increments, the blue/green deploy and switch, the waves of a rolling deploy): one
// rollback job per link of the chain, needing that link alone. GitLab skips a job whose
// needs include a skipped job, whatever its `when`: one rollback job needing the whole
// chain would never run when a job before the last failed, since the jobs after it are
// skipped. Each link's rollback runs when that link failed; those of earlier links see
// success, those of later links a skipped need, so exactly one runs. A stage of one
// link keeps one job, STAGE-rollback; a chain's are STAGE-rollback-canary-10, ...,
// STAGE-rollback-deploy and -switch, STAGE-rollback-wave-1, ....
func (e *emitter) rollbackLinks(j *compile.Job, claim func(*compile.Job, string) string) []*gjob {
	type link struct {
		name string
		jobs []*gjob
	}
	var links []link
	for _, n := range j.Needs {
		if n.Stage != j.Stage {
			continue
		}
		if d := n.Deploy; d != nil && d.Strategy == model.StrategyRolling {
			batches := e.byPlan[n]
			for w := 0; w*d.MaxParallel < len(batches); w++ {
				end := min((w+1)*d.MaxParallel, len(batches))
				links = append(links, link{fmt.Sprintf("wave-%d", w+1), batches[w*d.MaxParallel : end]})
			}
			continue
		}
		name := strings.TrimPrefix(n.ID, n.Stage.Name+"-")
		if n.ID == n.Stage.Name {
			name = "deploy"
		}
		links = append(links, link{name, e.byPlan[n]})
	}
	if len(links) == 1 {
		return []*gjob{{Job: j, name: claim(j, j.ID), link: links[0].jobs}}
	}
	out := make([]*gjob, len(links))
	for i, l := range links {
		out[i] = &gjob{Job: j, name: claim(j, j.ID+"-"+l.name), link: l.jobs}
	}
	return out
}

// cellNeed names the cell of a matrix job that a cell's rollback needs.
func cellNeed(n *gjob, c model.Cell) targets.Map {
	var vars targets.Map
	for _, kv := range c {
		targets.Set(&vars, matrixVar(kv.Key), escapeVariable(kv.Value))
	}
	return targets.Map{
		{Key: "job", Value: n.name},
		{Key: "parallel", Value: targets.Map{{Key: "matrix", Value: []any{vars}}}},
	}
}

// stages lists pipec's stages, one per depth, each followed by the stages that native
// `stage` values of jobs at that depth name and pipec does not: GitLab refuses a job whose
// stage is not listed ("chosen stage does not exist"). A native stage comes right after
// the depth of the first job that names it, so the jobs that job needs are in the stages
// before it and those that need it in the stages after.
func (e *emitter) stages() []any {
	var depths []int
	seen := map[int]bool{}
	listed := map[string]bool{}
	for _, j := range e.jobs {
		if !seen[j.depth] {
			seen[j.depth] = true
			depths = append(depths, j.depth)
			listed[e.stageName(j.depth)] = true
		}
	}
	extra := map[int][]string{}
	for _, j := range e.jobs {
		if name, ok := nativeStage(j); ok && !listed[name] {
			listed[name] = true
			extra[j.depth] = append(extra[j.depth], name)
		}
	}
	var out []any
	for _, d := range depths {
		out = append(out, e.stageName(d))
		for _, name := range extra[d] {
			out = append(out, name)
		}
	}
	return out
}

// nativeStage is the stage a job's native "gitlab" block names, if it names one.
func nativeStage(j *gjob) (string, bool) {
	if ent := nativeStageEntry(j); ent != nil {
		return ent.Value.Str, true
	}
	return "", false
}

// nativeStageEntry is the `stage` entry of a job's native "gitlab" block, nil without one
// that names a stage.
func nativeStageEntry(j *gjob) *model.Entry {
	n := j.Native(target)
	if n == nil {
		return nil
	}
	for _, ent := range n.Body.Map {
		if ent.Key == "stage" && ent.Value.Kind == model.KindString {
			return ent
		}
	}
	return nil
}

// checkStageOrder reports a native `stage` that puts a job in a stage before one of a job
// it needs (native-stage-order): GitLab refuses the file ("needs ... is in a future
// stage"). It is said at the native value that moved a job: the dependant's, or else the
// need's.
func (e *emitter) checkStageOrder(stages []any) {
	at := map[string]int{}
	for i, s := range stages {
		at[s.(string)] = i
	}
	stageOf := func(j *gjob) string {
		if name, ok := nativeStage(j); ok {
			return name
		}
		return e.stageName(j.depth)
	}
	said := map[*model.Entry]bool{}
	for _, j := range e.jobs {
		for _, n := range j.needs {
			if at[stageOf(n)] <= at[stageOf(j)] {
				continue
			}
			if ent := nativeStageEntry(j); ent != nil {
				e.stageOrderError(said, ent, "native \"gitlab\" stage %q puts job %q before job %q, which it needs", ent.Value.Str, j.name, n.name)
			} else if ent := nativeStageEntry(n); ent != nil {
				e.stageOrderError(said, ent, "native \"gitlab\" stage %q puts job %q after job %q, which needs it", ent.Value.Str, n.name, j.name)
			}
		}
	}
}

// stageOrderError reports native-stage-order at ent, once.
func (e *emitter) stageOrderError(said map[*model.Entry]bool, ent *model.Entry, format string, args ...any) {
	if said[ent] {
		return
	}
	said[ent] = true
	e.errorf(ent.Value.Range, "native-stage-order", "GitLab runs a job only after the jobs it needs, which must be in its stage or one before it, and refuses the file otherwise; name a stage at or after the stages of the jobs it needs, and before those of the jobs that need it, or leave stage out", format, args...)
}

// stageName names the GitLab stage at a depth of the graph after its first job. The
// names are found in one pass over the jobs, once expand has made them: every job asks
// for its stage's, and a search per job took time quadratic in a long chain of stages
// (4,000 stages needing one another: a sixth of a run).
func (e *emitter) stageName(depth int) string {
	if e.stageNames == nil {
		e.stageNames = map[int]string{}
		for _, j := range e.jobs {
			if _, ok := e.stageNames[j.depth]; ok {
				continue
			}
			if j.cell != nil {
				e.stageNames[j.depth] = j.ID // the cells' rollback, not its first cell
			} else {
				e.stageNames[j.depth] = j.name
			}
		}
	}
	if name, ok := e.stageNames[depth]; ok {
		return name
	}
	return fmt.Sprint(depth)
}

func (e *emitter) globalVariables() targets.Map {
	var m targets.Keyed // one key per variable: Set on a Map scans every key
	for _, v := range e.plan.Pipeline.Env {
		if !needsShell(v.Value) {
			m.Set(v.Name, e.varTemplate(v.Value, nil, "pipeline env"))
		}
	}
	if t := e.plan.Pipeline.On; t.Manual != nil {
		for _, in := range t.Manual.Inputs {
			// expand: false keeps a $ in what a person typed from being expanded.
			m.Set(inputVar(in.Name), targets.Map{
				{Key: "value", Value: "$[[ inputs." + in.Name + " ]]"},
				{Key: "expand", Value: false},
			})
		}
	}
	return m.Map()
}

// inputsSpec is the `spec: inputs:` header. GitLab creates push and schedule pipelines
// with the inputs' defaults, so every input gets one.
func (e *emitter) inputsSpec() targets.Map {
	t := e.plan.Pipeline.On
	if t.Manual == nil || len(t.Manual.Inputs) == 0 {
		return nil
	}
	var inputs targets.Map
	for _, in := range t.Manual.Inputs {
		if in.Required {
			e.warnf(in.NameRange, "input-required-unsupported", "GitLab starts pipelines that no person started (pushes, schedules) with each input's default, so every input has one and none can be required: the default applies when no value is given", "input %q cannot be required on GitLab", in.Name)
		}
		var m targets.Map
		typ := in.Type.Value
		if typ == "" {
			typ = model.InputString
		}
		glType := map[string]string{model.InputString: "string", model.InputChoice: "string", model.InputBoolean: "boolean", model.InputNumber: "number"}[typ]
		targets.Set(&m, "type", glType)
		if in.Description != "" {
			targets.Set(&m, "description", in.Description)
		}
		if typ == model.InputNumber && in.Default != nil {
			e.checkNumberDefault(in)
		}
		targets.Set(&m, "default", targets.InputDefault(in))
		if len(in.Options) > maxInputOptions {
			e.errorf(in.Options[maxInputOptions].Range, "too-many-options", fmt.Sprintf("GitLab refuses an input with more than %d options; use a string input", maxInputOptions), "input %q has %d options, more than GitLab allows", in.Name, len(in.Options))
		}
		if len(in.Options) > 0 {
			var opts []any
			for _, o := range in.Options {
				opts = append(opts, o.Value)
			}
			targets.Set(&m, "options", opts)
		}
		targets.Set(&inputs, in.Name, m)
	}
	return targets.Map{{Key: "spec", Value: targets.Map{{Key: "inputs", Value: inputs}}}}
}

// checkNumberDefault refuses a number input's default that GitLab would hand the jobs as
// other text than the spec's. GitLab reads the spec: inputs header with Ruby's YAML
// loader, which makes 3.10 the Float 3.1, and its number inputs must be Numeric (a
// quoted "3.10" is refused: "default value is not a number"); $[[ inputs.n ]] then
// writes the Float as Ruby prints it, 3.1, where the other targets pass 3.10.
func (e *emitter) checkNumberDefault(in *model.Input) {
	text := in.Default.Text()
	if !strings.Contains(text, ".") {
		return // a whole number: Ruby's Integer prints as written
	}
	if got, ok := rubyFloatText(text); !ok || got != text {
		detail := "GitLab reads a number input's default as a floating-point number and passes it to the jobs as Ruby prints it"
		if ok {
			detail += fmt.Sprintf(" (%s), where the other targets pass %s: write %s, or use a string input", got, text, got)
		} else {
			detail += fmt.Sprintf(", in exponent form, where the other targets pass %s: use a string input", text)
		}
		e.errorf(in.Default.Range, "number-default-changes", detail, "input %q's default %s reaches GitLab's jobs as other text", in.Name, text)
	}
}

// rubyFloatText is how Ruby's Float#to_s prints the decimal text: the shortest digits
// that read back as the same float, with at least one digit after the point. ok is false
// where Ruby switches to exponent form (below 1e-4 or from 1e16 on, zero aside).
func rubyFloatText(text string) (string, bool) {
	f, err := strconv.ParseFloat(text, 64)
	if err != nil {
		return "", false
	}
	if a := math.Abs(f); a != 0 && (a < 1e-4 || a >= 1e16) {
		return "", false
	}
	out := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.Contains(out, ".") {
		out += ".0"
	}
	return out, true
}
