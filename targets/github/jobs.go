package github

import (
	"fmt"
	"strings"

	"github.com/pipec-dev/pipec/compile"
	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/expr"
	"github.com/pipec-dev/pipec/compile/model"
	"github.com/pipec-dev/pipec/targets"
)

var runnerLabels = map[string]string{
	model.RunnerLinux:      "ubuntu-latest",
	model.RunnerLinuxARM64: "ubuntu-24.04-arm",
	model.RunnerMacOS:      "macos-latest",
	model.RunnerWindows:    "windows-latest",
}

func (e *emitter) job(j *compile.Job) targets.Map {
	s := j.Stage
	e.checkLimits(j)
	var m targets.Map
	name := jobName(j)
	if name == "" && e.ids[j] != j.ID {
		name = j.ID // a shortened id: the run shows the stage's own name
	}
	if name != "" {
		targets.Set(&m, "name", ghText(name))
	}
	if len(j.Needs) > 0 {
		var needs []any
		for _, n := range j.Needs {
			needs = append(needs, e.ids[n])
		}
		targets.Set(&m, "needs", needs)
	}
	if cond := e.jobCondition(j); cond != "" {
		targets.Set(&m, "if", "${{ "+cond+" }}")
	}
	targets.Set(&m, "runs-on", e.runsOn(j))
	perms := targets.Map{{Key: "contents", Value: "read"}}
	if j.Identity != nil || e.usesVault(j) {
		perms = append(perms, targets.Item{Key: "id-token", Value: "write"})
	}
	targets.Set(&m, "permissions", perms)
	if env := j.Environment; env != nil {
		em := targets.Map{{Key: "name", Value: ghText(env.Name)}}
		if env.URL != nil {
			em = append(em, targets.Item{Key: "url", Value: ghText(env.URL.Value)})
		}
		targets.Set(&m, "environment", em)
		// One deployment to an environment at a time; a queued one waits, never cancels
		// a deploy half way. GitHub's groups and environments belong to the repository,
		// so the group is the environment's: two pipelines deploying there wait for each
		// other, as GitLab's resource_group, CircleCI's serial-group and Azure's exclusive
		// lock make them. A stage that may deploy there while another stage of the
		// pipeline does has a group of its own (concurrentDeploys); environment names
		// have no "/". A batch's or a cell's group follows a ":", which neither
		// environment nor stage names hold: after "-", a cell of "prod" would share the
		// group of environment "prod-0" (and GitHub cancels the pending job of a group
		// when a third queues).
		group := "deploy-" + env.Name
		if e.concurrent[s] {
			group += "/" + s.Name
		}
		if j.Deploy != nil && j.Deploy.Strategy == model.StrategyRolling && j.Role == compile.RoleMain {
			// A job-level group holds every matrix leg: one batch would run at a time
			// whatever max_parallel says, and a waiting batch would cancel another.
			group += ":batch-${{ matrix.batch }}"
		} else if j.Matrix != nil {
			// The same holds for the cells of a matrix: with one group, a third cell
			// queued would cancel the second while it waits. A group per cell keeps
			// each cell's deployments of successive runs in order.
			group += ":${{ strategy.job-index }}"
		}
		targets.Set(&m, "concurrency", targets.Map{
			{Key: "group", Value: group},
			{Key: "cancel-in-progress", Value: false},
		})
		e.approvalInSettings(env)
		if j.Approval && !env.NeedsApproval() && !e.warned[s] {
			e.warned[s] = true
			e.warnf(s.Strategy.Approval.Range, "approval-needs-reviewers", fmt.Sprintf("GitHub gates a job only through environment protection rules: set approval = true on environment %q and add required reviewers to it in the repository settings", env.Name), "canary approval of stage %q needs reviewers on environment %q", s.Name, env.Name)
		}
	}
	if j.Image != nil {
		if os := j.Runner.OS(); os != "" && os != model.RunnerLinux {
			e.errorf(j.Image.Range, "container-needs-linux", "GitHub runs job containers on Linux runners only: drop the image or use runner = \"linux\"", "stage %q runs in an image on a %s runner", s.Name, os)
		}
		e.noShortSHA(*j.Image, "an image")
		e.imageWithoutLibc(j)
		targets.Set(&m, "container", e.valueExpr(*j.Image, j))
	}
	if len(j.Services) > 0 {
		targets.Set(&m, "services", e.services(j))
	}
	if strat := e.strategy(j); strat != nil {
		targets.Set(&m, "strategy", strat)
	}
	if j.Timeout != nil {
		targets.Set(&m, "timeout-minutes", j.Timeout.Minutes())
	}
	if j.AllowFailure {
		targets.Set(&m, "continue-on-error", true)
		// A rollback inside the job's cells runs whatever the jobs after it are told.
		if j.Role != compile.RoleRollback && j.Stage.Rollback != nil && j.Stage.AllowFailure != nil && e.cellRollbacks[s] == nil {
			e.warnf(j.Stage.AllowFailure.Range, "rollback-after-allowed-failure", "a job allowed to fail reports success to the jobs that need it, so the rollback job never sees a failure; drop allow_failure, or set continue_on_error on the steps that may fail", "stage %q's rollback does not run when the stage fails on GitHub", j.Stage.Name)
		}
	}
	if env, _ := e.jobEnv(j); len(env) > 0 {
		targets.Set(&m, "env", e.envMap(env, nil, j))
	}
	if len(j.Outputs) > 0 || e.rolledBack[j] {
		// In a chain (canary increments, blue/green switch) an output the job's own steps
		// did not write keeps the value the job before it published.
		var prev *compile.Job
		if len(j.Needs) > 0 && j.Needs[0].Stage == s && j.Needs[0].Role != compile.RoleRollback {
			prev = j.Needs[0]
		}
		var outs targets.Map
		for _, o := range j.Outputs {
			v := "steps.pipec-outputs.outputs." + o.Value
			if prev != nil {
				v += " || needs." + e.ids[prev] + ".outputs." + o.Value
			}
			targets.Set(&outs, o.Value, "${{ "+v+" }}")
		}
		if e.rolledBack[j] {
			targets.Set(&outs, startedOutput, "true")
		}
		targets.Set(&m, "outputs", outs)
	}
	targets.Set(&m, "steps", e.steps(j))
	if n := j.Native(target); n != nil {
		e.diags.Append(targets.MergeNative(&m, n, j.Stage.Name, target, nil))
	}
	return m
}

// jobName labels the jobs a strategy adds, so the run graph reads like the spec.
func jobName(j *compile.Job) string {
	s := j.Stage.Name
	switch {
	case j.Role == compile.RoleRollback:
		return s + " (rollback)"
	case j.Role == compile.RoleSwitch:
		return s + " (switch traffic)"
	case j.Deploy != nil && j.Deploy.Strategy == model.StrategyCanary:
		return fmt.Sprintf("%s (canary %d%%)", s, j.Deploy.Weight)
	case j.Deploy != nil && j.Deploy.Strategy == model.StrategyBlueGreen:
		return s + " (deploy to idle slot)"
	}
	return ""
}

func (e *emitter) runsOn(j *compile.Job) any {
	if j.Runner.Class != "" {
		return runnerLabels[j.Runner.Class]
	}
	labels := make([]any, len(j.Runner.Labels))
	for i, l := range j.Runner.Labels {
		labels[i] = ghText(l.Value)
	}
	return labels
}

// startedOutput is the output every job a rollback follows publishes, as the literal
// true: GitHub evaluates a job's outputs when the job ends on a runner, timed out or
// cancelled too, and never for a job cancelled before it started, so it tells a deploy
// stopped half way from one that never ran.
const startedOutput = "pipec_started"

// jobCondition renders the job's `if`. A rollback job runs only when one of the jobs it
// follows failed, or was cancelled after it started: a job that reaches its timeout is
// cancelled, not failed, and a deploy stopped half way needs undoing as much as a failed
// one. failure() alone would also fire when an upstream stage failed and nothing was
// deployed; always() lets it run after a cancellation, which failure() does not. A
// deploy cancelled while it waited (a newer run's deploy to the environment queued
// behind it) deployed nothing and has no output: its rollback stays skipped, so it does
// not undo the deploy that is live.
func (e *emitter) jobCondition(j *compile.Job) string {
	if j.OnFailure {
		var failed []string
		for _, n := range j.Needs {
			if n.Stage == j.Stage {
				id := "needs." + e.ids[n]
				failed = append(failed, id+".result == 'failure'", "("+id+".result == 'cancelled' && "+id+".outputs."+startedOutput+" == 'true')")
			}
		}
		return "always() && (" + strings.Join(failed, " || ") + ")"
	}
	// GitHub's job `if` cannot read the matrix context: conjuncts that test matrix values
	// choose the cells the strategy writes (see matrixCells), the rest is the `if`.
	when := expr.Filter(j.When, func(c expr.Expr) bool { return !expr.Reads(c, "matrix") })
	if when == nil {
		return ""
	}
	return e.cond(when, j)
}

func (e *emitter) services(j *compile.Job) targets.Map {
	offLinux := false
	if os := j.Runner.OS(); os != "" && os != model.RunnerLinux {
		offLinux = true
		e.errorf(j.Services[0].Range, "services-need-linux", "GitHub runs service containers on Linux runners only", "stage %q has services on a %s runner", j.Stage.Name, os)
	}
	if sv, port := targets.SharedPort(j.Services); sv != nil && j.Image == nil && !offLinux {
		e.errorf(port.Range, "service-port-conflict", "steps on the runner reach services at the ports GitHub publishes there, one service per port: give this one another port (most images take it from their env), or give the stage an image, where services are reached by name", "service %q publishes port %d, which another service of stage %q publishes on GitHub", sv.Name, port.Value, j.Stage.Name)
	}
	var out targets.Map
	for _, sv := range j.Services {
		var m targets.Map
		e.noShortSHA(sv.Image, "a service image")
		targets.Set(&m, "image", e.valueExpr(sv.Image, j))
		if len(sv.Env) > 0 {
			for _, v := range sv.Env {
				e.noShortSHA(v.Value, "service env")
			}
			targets.Set(&m, "env", e.envMap(sv.Env, nil, j))
		}
		if len(sv.Ports) == 0 && j.Image == nil && !offLinux {
			e.warnf(sv.NameRange, "service-without-ports", "steps on the runner reach a service only at the ports GitHub publishes on it; list the ports the service listens on (ports = [5432]), or give the stage an image", "service %q publishes no ports: steps of stage %q cannot reach it on GitHub", sv.Name, j.Stage.Name)
		}
		// Steps in a job container reach a service by its name on the job's network:
		// its ports are published on the runner only for steps that run there. Published
		// in a container job too, two services of one port (a primary and a replica)
		// would fail the job, the second unable to bind the runner's port.
		if len(sv.Ports) > 0 && j.Image == nil {
			var ports []any
			for _, p := range sv.Ports {
				ports = append(ports, fmt.Sprintf("%d:%d", p.Value, p.Value))
			}
			targets.Set(&m, "ports", ports)
		}
		targets.Set(&out, sv.Name, m)
	}
	return out
}

// strategy renders a matrix, or the batches of a rolling deploy as a matrix that runs
// max_parallel at a time and stops at the first failed batch.
func (e *emitter) strategy(j *compile.Job) targets.Map {
	if d := j.Deploy; d != nil && d.Strategy == model.StrategyRolling && j.Role == compile.RoleMain {
		var batches []any
		for i := 1; i <= d.Batches; i++ {
			batches = append(batches, i)
		}
		return targets.Map{
			{Key: "fail-fast", Value: true},
			{Key: "max-parallel", Value: d.MaxParallel},
			{Key: "matrix", Value: targets.Map{{Key: "batch", Value: batches}}},
		}
	}
	mx := j.Matrix
	if mx == nil {
		return nil
	}
	var m targets.Map
	if mx.FailFast != nil {
		targets.Set(&m, "fail-fast", mx.FailFast.Value)
	} else if e.rollbackOf(j) != nil {
		// GitHub's default cancels the other cells when one fails: a cell cancelled half
		// way through its deploy would not roll back. Every cell runs to its end, as on
		// the other targets, which have no fail-fast.
		targets.Set(&m, "fail-fast", false)
	}
	if mx.MaxParallel != nil {
		targets.Set(&m, "max-parallel", mx.MaxParallel.Value)
	}
	if j.Role == compile.RoleMain {
		e.matrixKeywords(mx)
	}
	var matrix targets.Map
	if cells, ok := e.matrixCells(j); ok {
		var include []any
		for _, c := range cells {
			var cm targets.Map
			for _, kv := range c {
				targets.Set(&cm, kv.Key, kv.Value)
			}
			include = append(include, cm)
		}
		targets.Set(&matrix, "include", include)
		targets.Set(&m, "matrix", matrix)
		return m
	}
	for _, a := range mx.Axes {
		vals := make([]any, len(a.Values))
		for i, v := range a.Values {
			vals[i] = scalar(v)
		}
		targets.Set(&matrix, a.Name, vals)
	}
	cells := func(list []*model.MatrixCell) []any {
		var out []any
		for _, c := range list {
			var cm targets.Map
			for _, ent := range c.Values {
				targets.Set(&cm, ent.Key, scalar(ent.Value))
			}
			out = append(out, cm)
		}
		return out
	}
	if len(mx.Include) > 0 {
		targets.Set(&matrix, "include", cells(mx.Include))
	}
	if len(mx.Exclude) > 0 {
		targets.Set(&matrix, "exclude", cells(mx.Exclude))
	}
	targets.Set(&m, "matrix", matrix)
	return m
}

// matrixCells decides the conjuncts of the job's condition that test matrix values, which
// GitHub's job `if` cannot read, for each cell: ok is false when there are none, else the
// cells are those that pass, which the strategy lists one by one (`include` alone).
func (e *emitter) matrixCells(j *compile.Job) (cells []model.Cell, ok bool) {
	tests, mixed := expr.MatrixTests(j.When)
	if mixed != nil {
		e.errorf(mixed.Range(), "unsupported-condition", "GitHub's job `if` cannot read the matrix context; pipec drops the cells a matrix test excludes, which works only when each part joined by && reads matrix values alone or none: split the condition that way, or, where one comparison reads both (stage.a.outputs.v == matrix.v), compare them in the steps' scripts instead", "this condition mixes matrix values with other values")
		return nil, false
	}
	if len(tests) == 0 {
		return nil, false
	}
	// Some cell passes: the compiler refuses a condition no cell passes (never-runs).
	for _, c := range j.Matrix.Cells() {
		if expr.MatrixPasses(tests, c.Get) {
			cells = append(cells, c)
		}
	}
	return cells, true
}

// jobEnv splits the variables of job j's env, the stage's and the pipeline's that read
// a value the context step computes (stepEnv, less those the stage gives again), into
// those of the job's env and those each of its steps gets. Job (and workflow) env is
// evaluated outside any step, before the job's context step has run: a variable reading
// ci.short_sha, which only that step computes, or in a container job ci.workspace (GitHub
// has only the runner's path there, which the container mounts elsewhere) goes to each
// step's env, where the context step has put the value (stepEnvMap), below the step's
// own variables as it would be at job level.
func (e *emitter) jobEnv(j *compile.Job) (job, step []*model.EnvVar) {
	all := targets.JobEnv(e.stepEnv, j.Env)
	moved := func(v *model.EnvVar) bool {
		return readsRef(v, "ci.short_sha") || j.Image != nil && readsRef(v, "ci.workspace")
	}
	// The pipeline's variables pipec took out of the workflow's env share a mapping with
	// the stage's: the job's env, or each step's for those moved there.
	var jobOuter, jobInner, stepOuter, stepInner []*model.EnvVar
	for _, v := range e.stepEnv {
		if moved(v) {
			stepOuter = append(stepOuter, v)
		} else {
			jobOuter = append(jobOuter, v)
		}
	}
	for _, v := range j.Env {
		if moved(v) {
			stepInner = append(stepInner, v)
		} else {
			jobInner = append(jobInner, v)
		}
	}
	targets.EnvCaseClashes(jobOuter, jobInner, e.caseClash)
	targets.EnvCaseClashes(stepOuter, stepInner, e.caseClash)
	for _, v := range all {
		if moved(v) {
			step = append(step, v)
		} else {
			job = append(job, v)
		}
	}
	return job, step
}

// approvalInSettings says, once per environment with approval, that GitHub gates its
// jobs only through the environment's required reviewers, which the repository settings
// hold and the workflow cannot set: GitHub creates an environment without protection
// rules the first time a job names it, so until someone adds reviewers its deployments
// run unapproved.
func (e *emitter) approvalInSettings(env *model.Environment) {
	if !env.NeedsApproval() || e.approvalSaid[env] {
		return
	}
	e.approvalSaid[env] = true
	e.warnf(env.Approval.Range, "approval-in-environment-settings", fmt.Sprintf("GitHub reads no approval from the workflow: add required reviewers to environment %q (Settings > Environments > %s > Required reviewers). GitHub creates the environment without protection rules when a job first names it, so until reviewers are added its deployments run unapproved", env.Name, env.Name), "approval of environment %q is set in the repository settings on GitHub, not in the workflow", env.Name)
}

// readsRef reports whether a variable's value reads ref.
func readsRef(v *model.EnvVar, ref string) bool {
	for _, r := range v.Value.Refs() {
		if r.String() == ref {
			return true
		}
	}
	return false
}

// noShortSHA reports ci.short_sha where the job's context step has not run yet: the
// runner starts the job's container and services, and reads the job's env, before any
// step, and their expressions cannot read the env context the step fills.
func (e *emitter) noShortSHA(t expr.Template, where string) {
	for _, r := range t.Refs() {
		if r.String() == "ci.short_sha" {
			e.errorf(r.Range, "unsupported-reference", "GitHub expressions cannot shorten a SHA; pipec computes ci.short_sha in a step, so use it in a step's run or env", "ci.short_sha cannot be used in %s on GitHub", where)
		}
	}
}

// firstContainerJob returns the first job that runs in an image, or nil.
func (e *emitter) firstContainerJob() *compile.Job {
	for _, j := range e.plan.Jobs {
		if j.Image != nil {
			return j
		}
	}
	return nil
}

// caseClash reports two variables of different blocks whose names differ only by case
// and that pipec would write into one env mapping (a step's, or the job's), whose keys
// GitHub reads without case: it refuses the workflow ("'X' is already defined"). Once
// per inner variable: jobEnv runs for every job and step of the stage.
func (e *emitter) caseClash(outer, inner *model.EnvVar) {
	if e.clashed[inner] {
		return
	}
	if e.clashed == nil {
		e.clashed = map[*model.EnvVar]bool{}
	}
	e.clashed[inner] = true
	d := e.diags.Errorf(inner.NameRange, "name-collision", fmt.Sprintf("pipec gives both to one env mapping on GitHub (a variable that reads ci.workspace goes to each step of a job with an image, or to the job), whose keys GitHub reads without case; use one spelling (%q or %q) in both places", outer.Name, inner.Name), "variables %q and %q collide on GitHub", outer.Name, inner.Name)
	d.Target = target
	d.Related = append(d.Related, diag.Note{Message: "the other one", Subject: outer.NameRange})
}

// imageWithoutLibc warns, once per stage, of a job container known to have no C library
// (BusyBox, Kaniko's executor): the job's first step, actions/checkout, and its cache and
// artifact actions are JavaScript actions, which GitHub runs inside the container with
// the runner's Node.js, and that cannot start there. The other targets run their own
// checkout and caches outside the container (GitLab, CircleCI) or already warn of such
// an image (Azure, image-without-bash).
//
// In an Alpine image the runner uses a Node.js built for musl, which it has for x64
// only: on an arm64 runner it refuses the job's JavaScript actions ("JavaScript Actions
// in Alpine containers are only supported on x64 Linux runners").
func (e *emitter) imageWithoutLibc(j *compile.Job) {
	if !j.Image.IsLiteral() || e.noLibc[j.Stage] {
		return
	}
	if image := j.Image.Text(); !targets.WithoutLibcImage(image) && targets.ShOnlyImage(image) && arm64(j.Runner) {
		e.noLibc[j.Stage] = true
		e.warnf(j.Image.Range, "alpine-on-arm64", "GitHub runs JavaScript actions (actions/checkout, which starts every job, and the cache and artifact actions) inside the job's container, in an Alpine image with a Node.js built for musl, which the runner has for x64 only; use a Debian-based tag of the image, or an x64 runner", "stage %q runs in %q, an Alpine image, on an arm64 runner, where GitHub's actions cannot start", j.Stage.Name, image)
		return
	}
	if !targets.WithoutLibcImage(j.Image.Text()) {
		return
	}
	e.noLibc[j.Stage] = true
	e.warnf(j.Image.Range, "image-without-libc", "GitHub runs JavaScript actions (actions/checkout, which starts every job, and the cache and artifact actions) inside the job's container with its own Node.js, which needs glibc (or musl on Alpine), and this image has no C library; use an image with a C library (a Debian-based or Alpine tag), or drop the image and run the tool with docker run", "stage %q runs in %q, where GitHub's actions cannot start", j.Stage.Name, j.Image.Text())
}

// arm64 reports a runner known to be arm64: the linux-arm64 class, or a label arm64 (as
// GitHub labels self-hosted runners by architecture).
func arm64(r *model.Runner) bool {
	if r == nil {
		return false
	}
	if r.Class == model.RunnerLinuxARM64 {
		return true
	}
	for _, l := range r.Labels {
		if strings.EqualFold(l.Value, "arm64") {
			return true
		}
	}
	return false
}

// matrixKeywords reports matrix keys named include or exclude: GitHub reads such a key
// of strategy.matrix as its own keyword (a list of cells), not as an axis, and refuses
// the workflow. Each key once, at the axis or at the first include entry that adds it.
// (GitHub's parser takes Include as an axis; actionlint, which pipec lint runs, does not.)
func (e *emitter) matrixKeywords(mx *model.Matrix) {
	said := map[string]bool{}
	check := func(name string, rng diag.Range) {
		if (name == "include" || name == "exclude") && !said[name] {
			said[name] = true
			e.errorf(rng, "reserved-name", fmt.Sprintf("GitHub reads a matrix key %q as its own keyword, a list of cells, and refuses the workflow; rename the axis", name), "matrix axis %q cannot be written on GitHub", name)
		}
	}
	for _, a := range mx.Axes {
		check(a.Name, a.NameRange)
	}
	for _, inc := range mx.Include {
		for _, ent := range inc.Values {
			check(ent.Key, ent.KeyRange)
		}
	}
}
