package compile

import (
	"fmt"
	"strings"

	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/expr"
	"github.com/pipec-dev/pipec/compile/model"
	"github.com/pipec-dev/pipec/internal/par"
)

// lower turns checked stages into jobs: defaults applied, deploy strategies laid out as
// chains with a rollback job, conditions joined, and each job's secrets, artifacts and
// outputs worked out. It runs only on a model the checker accepted.
//
// What a stage's jobs are depends on the stage alone (lowerStage), and a large pipeline's
// stages are lowered in runs on every core, as they are checked; linking them (needs,
// the artifacts each job downloads, job names that collide) then goes through the stages
// in dependency order, so the plan and the diagnostics are those of one stage after
// another.
func lower(p *model.Pipeline, c *checker) (*Plan, diag.Diagnostics) {
	parts := make([]loweredStage, len(c.order))
	if len(c.order) < parallelStages {
		for i, s := range c.order {
			parts[i] = lowerStage(p, c, s)
		}
	} else {
		par.Guarded((len(parts)+stagesPerCheck-1)/stagesPerCheck, 0, func(k int) {
			for i := k * stagesPerCheck; i < min((k+1)*stagesPerCheck, len(parts)); i++ {
				parts[i] = lowerStage(p, c, c.order[i])
			}
		})
	}

	var diags diag.Diagnostics
	plan := &Plan{Pipeline: p, final: map[string]*Job{}, secrets: map[string]*model.Secret{}}
	for _, s := range p.Secrets {
		if plan.secrets[s.Name] == nil {
			plan.secrets[s.Name] = s
		}
	}
	// Job names are compared in their variable form, as stage names are: GitHub and
	// CircleCI compare job ids without case, Azure turns "-" into "_", and GitLab hands
	// jobs on through variables named after them, so a rollback job "a-rollback" and a
	// stage "A_rollback" would be one job, or share one variable, somewhere.
	type claimed struct {
		stage *model.Stage
		id    string
	}
	ids := map[string]claimed{}
	for _, s := range c.order {
		ids[varForm(s.Name)] = claimed{s, s.Name}
	}
	// upstream maps a stage to the artifacts upstream of it, in dependency order.
	upstream := map[*model.Stage][]*ArtifactUse{}
	for i, s := range c.order {
		l := parts[i]
		diags = append(diags, l.diags...)
		for _, id := range l.claims {
			f := varForm(id)
			if other, ok := ids[f]; ok && other.stage != s {
				var d *diag.Diagnostic
				if other.id == id {
					d = diags.Errorf(s.NameRange, "job-name-collision", fmt.Sprintf("stage %q lowers to a job of that name too; rename one of the stages", other.stage.Name), "stage %q lowers to job %q, which already exists", s.Name, id)
				} else {
					d = diags.Errorf(s.NameRange, "job-name-collision", fmt.Sprintf("stage %q lowers to job %q, which differs only by case or by '-' and '_' (platforms compare job names without case, or read them as variables named after %s); rename one of the stages", other.stage.Name, other.id, f), "stage %q lowers to job %q, which collides with job %q", s.Name, id, other.id)
				}
				d.Related = append(d.Related, diag.Note{Message: "the other one", Subject: other.stage.NameRange})
				continue // the other stage keeps the name: one error for the pair
			}
			ids[f] = claimed{s, id}
		}
		var needs []*Job
		seenUse := map[*model.Artifact]bool{}
		var consumes []*ArtifactUse
		for _, n := range s.Needs {
			up := c.stages[n.Value]
			needs = append(needs, plan.final[n.Value])
			for _, u := range upstream[up] {
				if !seenUse[u.Artifact] {
					seenUse[u.Artifact] = true
					consumes = append(consumes, u)
				}
			}
			for _, a := range up.Artifacts {
				if !seenUse[a] {
					seenUse[a] = true
					consumes = append(consumes, &ArtifactUse{Artifact: a, From: plan.final[n.Value]})
				}
			}
		}
		upstream[s] = consumes

		mains := l.mains
		for _, m := range mains {
			m.Consumes = consumes
		}
		mains[0].Needs = needs
		// Later jobs of a chain also need the stage's upstream jobs, so they can read
		// upstream outputs as the first job does.
		for i := 1; i < len(mains); i++ {
			mains[i].Needs = append([]*Job{mains[i-1]}, needs...)
		}
		plan.final[s.Name] = mains[len(mains)-1]
		plan.Jobs = append(plan.Jobs, mains...)
		if rb := l.rollback; rb != nil {
			rb.Needs = append(append([]*Job{}, mains...), needs...)
			// The rollback undoes what the stage's steps did, often from the same files
			// (manifests, a release's assets): it reads the stage's upstream artifacts as
			// the stage does, whether it runs in the failed job or after it.
			rb.Consumes = consumes
			plan.Jobs = append(plan.Jobs, rb)
		}
	}
	return plan, diags
}

// loweredStage is what a stage lowers to on its own: its main jobs in chain order and
// its rollback job, without needs or downloads, the job names it claims, in order, and
// baseJob's diagnostics.
type loweredStage struct {
	mains    []*Job
	rollback *Job
	claims   []string
	diags    diag.Diagnostics
}

// lowerStage lowers one stage. It only reads the checker, so stages are lowered at once.
func lowerStage(p *model.Pipeline, c *checker, s *model.Stage) loweredStage {
	var l loweredStage
	base := baseJob(p, c, s, &l.diags)
	claim := func(id string, _ *model.Stage) string {
		l.claims = append(l.claims, id)
		return id
	}
	l.mains = layout(s, base, claim)
	// allow_failure lets the stages after this one go on when it fails: only the job
	// that finishes the stage may fail that way. Inside its chain (canary increments,
	// rolling batches, the deploy before a blue/green switch) a failed job must stop the
	// jobs after it, or a platform that counts an allowed failure as passed (GitHub's
	// continue-on-error, GitLab's allow_failure) deploys the next increment of what
	// just failed.
	for _, m := range l.mains[:len(l.mains)-1] {
		m.AllowFailure = false
	}
	for _, m := range l.mains {
		m.Secrets = secretsOf(c, m.Steps)
		// Every job of the chain runs steps that may write outputs; targets publish the
		// last value written along the chain.
		m.Outputs = s.Outputs
	}
	l.mains[len(l.mains)-1].Produces = s.Artifacts
	if s.Rollback != nil {
		rb := base.clone()
		rb.ID = claim(s.Name+"-rollback", s)
		rb.Role = RoleRollback
		rb.OnFailure = true
		// allow_failure is the stage's last job's alone: a rollback that fails leaves
		// the environment half deployed, and must fail the pipeline.
		rb.AllowFailure = false
		rb.When = nil
		rb.Steps = phase(s.Rollback.Steps, PhaseRollback)
		// retries re-run the stage's own steps; a rollback runs once, as a deploy's
		// checks do, on every target (GitLab would retry the whole job).
		rb.Retries = nil
		// A matrix stage keeps its matrix: each cell deployed on its own, so each cell
		// is rolled back on its own, when that cell failed, and its rollback steps read
		// that cell's values. Targets run the rollback in or after the failed cell.
		if rb.Deploy != nil {
			d := *rb.Deploy
			d.Weight, d.Batches, d.MaxParallel, d.Step = 0, 0, 0, 0
			if d.Strategy == model.StrategyBlueGreen {
				d.Slot = "blue"
			}
			rb.Deploy = &d
		}
		rb.Secrets = secretsOf(c, rb.Steps)
		l.rollback = rb
	}
	return l
}

// baseJob is what every job of a stage shares: defaults applied, the stage's condition
// joined with its environment's branch rule.
func baseJob(p *model.Pipeline, c *checker, s *model.Stage, diags *diag.Diagnostics) *Job {
	j := &Job{
		Stage:    s,
		Role:     RoleMain,
		Runner:   s.Runner,
		Image:    s.Image,
		Env:      s.Env,
		Matrix:   s.Matrix,
		Services: s.Services,
		Cache:    s.Cache,
		Timeout:  s.Timeout,
		Retries:  s.Retries,
		Natives:  s.Natives,
	}
	if d := p.Defaults; d != nil {
		if j.Runner == nil {
			j.Runner = d.Runner
		}
		// A default image applies where containers run: a stage that picks a Windows or
		// macOS runner (a class, or labels that name the OS) opts out of it without
		// having to say so.
		if j.Image == nil && (j.Runner == nil || j.Runner.OS() == "" || j.Runner.OS() == model.RunnerLinux) {
			j.Image = d.Image
		}
		if j.Timeout == nil {
			j.Timeout = d.Timeout
		}
		if j.Retries == nil {
			j.Retries = d.Retries
		}
	}
	if j.Runner == nil {
		j.Runner = &model.Runner{Class: model.RunnerLinux, Range: s.NameRange}
	}
	if s.AllowFailure != nil {
		j.AllowFailure = s.AllowFailure.Value
	}
	if s.Identity != nil {
		j.Identity = c.identities[s.Identity.Value]
	}
	j.When = s.When
	if s.Environment != nil {
		env := c.environments[s.Environment.Value]
		j.Environment = env
		j.When = expr.And(j.When, branchRule(env))
		kind := ""
		if s.Strategy != nil {
			kind = s.Strategy.Kind
		}
		j.Deploy = &Deploy{Strategy: kind, Environment: env, Weight: 100, Step: 1, Of: 1}
	}
	if j.When != nil {
		j.When = fold(j.When)
		if b, ok := j.When.(*expr.BoolLit); ok {
			if !b.Value {
				*diags = append(*diags, neverRuns(s))
			}
			j.When = nil
		}
	}
	if j.Matrix != nil && j.When != nil && !someCellRuns(j.Matrix, j.When) {
		*diags = append(*diags, noCellRuns(s))
	}
	return j
}

// someCellRuns reports whether a cell of the matrix passes the conjuncts of the
// condition that read matrix values alone. Every target decides them per cell (GitHub,
// GitLab and Azure when they compile, CircleCI when the job starts), so a condition no
// cell passes is a stage that never runs anywhere.
func someCellRuns(m *model.Matrix, when expr.Expr) bool {
	tests, _ := expr.MatrixTests(when)
	if len(tests) == 0 {
		return true
	}
	for _, c := range m.Cells() {
		if expr.MatrixPasses(tests, c.Get) {
			return true
		}
	}
	return false
}

// branchRule turns an environment's branches into matches(ci.ref, "refs/heads/GLOB") ||
// ..., so every target refuses to deploy from other refs even before the platform's own
// protection rules are configured. It tests the ref that was pushed, not ci.branch: on a
// pull request ci.branch is the head branch, which anyone can name "main" in a fork.
// The globs are read in order, as trigger globs are: a !GLOB removes the branches the
// globs before it admitted (`&& !matches(...)`), and one before any plain glob removes
// nothing.
func branchRule(env *model.Environment) expr.Expr {
	var out expr.Expr
	for _, b := range env.Branches {
		glob, neg := strings.CutPrefix(b.Value, "!")
		if neg && out == nil {
			continue
		}
		ref := &expr.RefExpr{Ref: &expr.Ref{Path: []string{"ci", "ref"}, Range: b.Range}}
		var call expr.Expr = &expr.Call{Func: "matches", Args: []expr.Expr{ref, &expr.StringLit{Value: "refs/heads/" + glob, Rng: b.Range}}, Rng: b.Range, NameRng: b.Range}
		if neg {
			out = expr.And(out, &expr.Not{X: call, Rng: b.Range})
		} else {
			out = expr.Or(out, call)
		}
	}
	return out
}

// layout returns the stage's main jobs in chain order.
func layout(s *model.Stage, base *Job, claim func(string, *model.Stage) string) []*Job {
	verify := func() []*Step {
		if s.Verify == nil {
			return nil
		}
		return phase(s.Verify.Steps, PhaseVerify)
	}
	mainSteps := func() []*Step { return append(phase(s.Steps, PhaseMain), verify()...) }
	st := s.Strategy
	if st == nil || base.Deploy == nil {
		j := base.clone()
		j.ID = claim(s.Name, s)
		j.Steps = mainSteps()
		return []*Job{j}
	}
	switch st.Kind {
	case model.StrategyCanary:
		weights := []int{}
		for _, inc := range st.Increments {
			weights = append(weights, inc.Value)
		}
		weights = append(weights, 100)
		var jobs []*Job
		for i, w := range weights {
			j := base.clone()
			j.ID = claim(fmt.Sprintf("%s-canary-%d", s.Name, w), s)
			j.Steps = mainSteps()
			d := *base.Deploy
			d.Weight, d.Step, d.Of = w, i+1, len(weights)
			j.Deploy = &d
			j.Approval = i > 0 && st.Approval != nil && st.Approval.Value
			jobs = append(jobs, j)
		}
		return jobs
	case model.StrategyBlueGreen:
		deploy := base.clone()
		deploy.ID = claim(s.Name, s)
		deploy.Steps = mainSteps()
		d := *base.Deploy
		d.Slot, d.Of = "green", 2
		deploy.Deploy = &d
		sw := base.clone()
		sw.ID = claim(s.Name+"-switch", s)
		sw.Role = RoleSwitch
		sw.Steps = phase(s.Switch.Steps, PhaseSwitch)
		sw.Retries = nil // switch steps run once, as rollback steps do
		d2 := d
		d2.Step = 2
		sw.Deploy = &d2
		return []*Job{deploy, sw}
	case model.StrategyRolling:
		j := base.clone()
		j.ID = claim(s.Name, s)
		j.Steps = mainSteps()
		d := *base.Deploy
		d.Batches = st.Batches.Value
		d.MaxParallel = 1
		if st.MaxParallel != nil {
			d.MaxParallel = st.MaxParallel.Value
		}
		j.Deploy = &d
		return []*Job{j}
	}
	panic("compile: unchecked strategy " + st.Kind)
}

func phase(steps []*model.Step, ph Phase) []*Step {
	out := make([]*Step, len(steps))
	for i, s := range steps {
		out[i] = &Step{Step: s, Phase: ph}
	}
	return out
}

func (j *Job) clone() *Job {
	c := *j
	return &c
}

// secretsOf lists the secrets the steps reference, in declaration order.
func secretsOf(c *checker, steps []*Step) []*model.Secret {
	used := map[*model.Secret]bool{}
	for _, st := range steps {
		for _, s := range c.secretUse[st.Step] {
			used[s] = true
		}
	}
	var out []*model.Secret
	for _, s := range c.p.Secrets {
		if used[s] {
			out = append(out, s)
		}
	}
	return out
}

// noCellRuns is never-runs for a matrix stage whose condition no cell passes.
func noCellRuns(s *model.Stage) *diag.Diagnostic {
	d := neverRuns(s)
	d.Summary = "stage \"" + s.Name + "\" never runs: no cell of its matrix passes its condition"
	d.Detail = "fix the condition or the matrix; the matrix's cells are its axes' product, without the exclude entries, with the include entries"
	return d
}

func neverRuns(s *model.Stage) *diag.Diagnostic {
	return &diag.Diagnostic{
		Severity: diag.Error,
		Code:     "never-runs",
		Summary:  "stage \"" + s.Name + "\" never runs: its condition is always false",
		Detail:   "remove the stage, or fix the condition",
		Subject:  s.When.Range(),
	}
}
