package gitlab

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pipec-dev/pipec/compile"
	"github.com/pipec-dev/pipec/compile/expr"
	"github.com/pipec-dev/pipec/compile/model"
	"github.com/pipec-dev/pipec/targets"
)

// runnerTags are GitLab.com's hosted runners for the portable classes; linux needs none.
var runnerTags = map[string][]any{
	model.RunnerLinuxARM64: {"saas-linux-small-arm64"},
	model.RunnerMacOS:      {"saas-macos-medium-m1"},
	model.RunnerWindows:    {"saas-windows-medium-amd64"},
}

const (
	maxRetry      = 2   // GitLab retries a job at most twice
	maxMatrixJobs = 200 // GitLab refuses a parallel:matrix that makes more jobs
	maxJobName    = 255 // GitLab refuses a longer job name, a matrix cell's too
	maxNeeds      = 50  // GitLab refuses a job that needs more jobs (its default limit)
	// maxTimeout is GitLab's longest job timeout, a month as Rails counts it: a twelfth
	// of 365.2425 days, in seconds.
	maxTimeout = 2629746
)

func (e *emitter) job(j *gjob) targets.Map {
	var m targets.Map
	targets.Set(&m, "stage", e.stageName(j.depth))
	if j.gate {
		// A job that only waits for a person: nothing runs, nothing deploys.
		if needs := e.needs(j); len(needs) > 0 {
			targets.Set(&m, "needs", needs)
		}
		targets.Set(&m, "rules", e.rules(j))
		// The environment makes the approval the environment's: GitLab lets only the
		// users allowed to deploy to a protected environment run a job that names it,
		// even one that does not deploy (prepare), where a job without it could be
		// approved by anyone who may run pipelines.
		targets.Set(&m, "environment", targets.Map{{Key: "name", Value: j.Environment.Name}, {Key: "action", Value: "prepare"}})
		targets.Set(&m, "script", []any{fmt.Sprintf("echo \"approved: %s may deploy to %s\"", j.Stage.Name, j.Environment.Name)})
		return m
	}
	if needs := e.needs(j); len(needs) > 0 {
		targets.Set(&m, "needs", needs)
	}
	if rules := e.rules(j); rules != nil {
		targets.Set(&m, "rules", rules)
	}
	e.hostedWithoutDocker(j)
	if j.Image != nil {
		targets.Set(&m, "image", e.image(j))
	}
	if len(j.Services) > 0 {
		var svcs []any
		for _, s := range j.Services {
			sm := targets.Map{{Key: "name", Value: e.varTemplate(s.Image, j, "service image")}, {Key: "alias", Value: s.Name}}
			if len(s.Env) > 0 {
				var vars targets.Map
				for _, v := range s.Env {
					e.encodedOutput(v.Value)
					targets.Set(&vars, v.Name, e.varTemplate(v.Value, j, "service env"))
				}
				sm = append(sm, targets.Item{Key: "variables", Value: vars})
			}
			svcs = append(svcs, sm)
		}
		targets.Set(&m, "services", svcs)
	}
	windows := j.Runner.OS() == model.RunnerWindows
	if windows && j.Role == compile.RoleMain && j.batch <= 1 {
		e.warnf(j.Runner.Range, "windows-bash", "GitLab's Windows runners run PowerShell; pipec's script for the stage runs in bash from Git for Windows, which must be on the runner's PATH (it is on GitLab's hosted Windows runners' images only if Git for Windows' bin directory is)", "stage %q runs its GitLab script with bash on Windows", j.Stage.Name)
	}
	if r := j.Runner; r.Class != "" {
		if tags, ok := runnerTags[r.Class]; ok {
			targets.Set(&m, "tags", tags)
		}
	} else {
		// "self-hosted" is GitHub's marker for a self-hosted runner; on GitLab every
		// runner is chosen by its tags alone.
		var tags []any
		for _, l := range r.Labels {
			if l.Value != "self-hosted" {
				tags = append(tags, l.Value)
			}
		}
		if len(tags) > 0 {
			targets.Set(&m, "tags", tags)
		}
	}
	if mx := e.matrix(j); mx != nil {
		targets.Set(&m, "parallel", targets.Map{{Key: "matrix", Value: mx}})
	}
	if vars := e.jobVariables(j); len(vars) > 0 {
		targets.Set(&m, "variables", vars)
	}
	if tokens := e.idTokens(j); len(tokens) > 0 {
		targets.Set(&m, "id_tokens", tokens)
	}
	if secrets := e.vaultSecrets(j); len(secrets) > 0 {
		targets.Set(&m, "secrets", secrets)
	}
	if env := j.Environment; env != nil {
		em := targets.Map{{Key: "name", Value: env.Name}}
		if env.URL != nil {
			e.literalField(env.URL.Range, env.URL.Value, "an environment's url")
			em = append(em, targets.Item{Key: "url", Value: env.URL.Value})
		}
		if j.Role == compile.RoleMain && j.Deploy != nil && j.Deploy.Strategy == model.StrategyBlueGreen {
			// The deploy to the idle slot moves no traffic: GitLab would record it as the
			// environment's deployment before verify and switch ran, and keep showing it
			// as live when the switch fails. prepare keeps the environment's variables
			// and records no deployment; the switch job records it.
			em = append(em, targets.Item{Key: "action", Value: "prepare"})
		} else if j.Role == compile.RoleRollback {
			// A rollback puts back what was live before: recorded as a deployment, it
			// would show this pipeline's commit as live in the environment, which is
			// what it just undid, and win over the deploy's failed record. access keeps
			// the environment's variables and resource group and records nothing, so
			// the last successful deployment stays the environment's current one.
			em = append(em, targets.Item{Key: "action", Value: "access"})
		}
		targets.Set(&m, "environment", em)
		// One deployment to an environment at a time, across pipelines. A resource group
		// runs one job at a time even within a pipeline, so each rolling batch has its own,
		// after a "/", which no environment name holds: with "-", the batches of "prod"
		// would share a group with an environment named "prod-batch-1".
		group := env.Name
		if j.batch > 0 {
			group = fmt.Sprintf("%s/batch-%d", env.Name, j.batch)
		}
		targets.Set(&m, "resource_group", group)
	}
	if j.Timeout != nil {
		if j.Timeout.Seconds > maxTimeout {
			e.stageErrorf(j.Stage, j.Timeout.Range, "timeout-too-long", "GitLab refuses a job timeout longer than a month (30 days and about 10 hours)", "timeout %s of stage %q is longer than GitLab allows", j.Timeout.Text, j.Stage.Name)
		}
		targets.Set(&m, "timeout", duration(j.Timeout.Seconds))
	}
	if r := j.Retries; r != nil && r.Value > 0 && retriesInScript(j) {
		// The stage's own steps retry themselves in the script; GitLab re-runs the
		// whole job only when the machine failed it, not its script, so the verify
		// steps run once, as on the other targets.
		targets.Set(&m, "retry", targets.Map{
			{Key: "max", Value: min(r.Value, maxRetry)},
			{Key: "when", Value: infraFailures},
		})
	} else if r != nil && r.Value > 0 {
		n := r.Value
		if n > maxRetry {
			e.warnf(r.Range, "retries-capped", fmt.Sprintf("GitLab retries a job at most %d times; the job is retried %d times", maxRetry, maxRetry), "retries = %d is more than GitLab allows", n)
			n = maxRetry
		}
		targets.Set(&m, "retry", n)
	}
	if j.AllowFailure {
		targets.Set(&m, "allow_failure", true)
		if j.Role != compile.RoleRollback && j.Stage.Rollback != nil && j.Stage.AllowFailure != nil {
			e.warnf(j.Stage.AllowFailure.Range, "rollback-after-allowed-failure", "GitLab counts a job allowed to fail as passed, so the rollback job (when: on_failure) never runs; drop allow_failure, or set continue_on_error on the steps that may fail", "stage %q's rollback does not run when the stage fails on GitLab", j.Stage.Name)
		}
	}
	if c := e.cache(j); c != nil {
		targets.Set(&m, "cache", c)
	}
	if windows {
		targets.Set(&m, "script", []any{windowsScript(e.script(j))})
	} else {
		targets.Set(&m, "script", e.script(j))
	}
	if a := e.artifacts(j); a != nil {
		targets.Set(&m, "artifacts", a)
	}
	if n := j.Native(target); n != nil {
		e.diags.Append(targets.MergeNative(&m, n, j.Stage.Name, target, nil))
	}
	return m
}

// needs lists the jobs this one waits for, and the producers of the artifacts it
// downloads: GitLab hands a job only the artifacts of the jobs in its needs.
func (e *emitter) needs(j *gjob) []any {
	var out []any
	count := 0 // the jobs GitLab counts: it expands a need of a matrix job to its cells
	seen := map[*gjob]bool{}
	add := func(g *gjob) {
		if !seen[g] {
			seen[g] = true
			out = append(out, g.name)
			count += jobsOf(g)
		}
	}
	for _, n := range j.needs {
		if j.cell != nil && n.Stage == j.Stage && n.Matrix != nil {
			seen[n] = true
			out = append(out, cellNeed(n, j.cell))
			count++
			continue
		}
		add(n)
	}
	if !j.OnFailure {
		// A rollback runs when a job it needs failed: needing a producer would run it
		// when that producer failed and nothing was deployed. The stage's jobs hand it
		// the files instead (handOn).
		for _, u := range j.Consumes {
			for _, g := range e.byPlan[u.From] {
				add(g)
			}
		}
	}
	if count > maxNeeds {
		// Each rolling batch and each matrix cell is a job of its own: a stage after a
		// rolling deploy or a matrix, and its rollback, need every one. One error per
		// stage, for its first such job.
		e.stageErrorf(j.Stage, j.Stage.NameRange, "too-many-needs", fmt.Sprintf("GitLab lets a job need at most %d others (each batch of a rolling deploy is one, each cell of a matrix stage is one, and so is each stage whose artifacts it downloads); use fewer batches or cells, or split the needs across stages", maxNeeds), "GitLab job %q needs %d jobs", j.name, count)
	}
	return out
}

// jobsOf is how many jobs GitLab makes of g: one per cell when g is a parallel:matrix
// job, whose name in another job's needs stands for every cell.
func jobsOf(g *gjob) int {
	if g.Matrix == nil || g.cell != nil {
		return 1
	}
	return len(g.Matrix.Cells())
}

// rules decides when GitLab creates the job, and whether it waits for a person.
func (e *emitter) rules(j *gjob) []any {
	manual := j.gate || j.Approval || (j.Environment != nil && j.Environment.NeedsApproval() && j.Role == compile.RoleMain && j.Deploy.Step == 1 && j.batch == 0)
	var r targets.Map
	if j.static != nil {
		targets.Set(&r, "if", e.rule(j.static, false, j))
	}
	switch {
	case j.OnFailure:
		targets.Set(&r, "when", "on_failure")
	case manual:
		// A manual job from rules blocks the pipeline until a person runs it
		// (allow_failure defaults to false there).
		targets.Set(&r, "when", "manual")
	}
	if len(r) == 0 {
		return nil
	}
	return []any{r}
}

// matrix renders parallel:matrix. GitLab's entries are each a product of string lists and
// it has no exclude, so a matrix with include or exclude is listed cell by cell. The values
// are job variables, which the runner expands: a literal $ is written $$.
func (e *emitter) matrix(j *gjob) []any {
	mx := j.Matrix
	if mx == nil || j.cell != nil {
		return nil
	}
	if mx.FailFast != nil && mx.FailFast.Value {
		e.warnf(mx.FailFast.Range, "fail-fast-unsupported", "GitLab does not cancel a matrix's other jobs when one fails", "fail_fast is not applied on GitLab")
	}
	if mx.MaxParallel != nil {
		e.warnf(mx.MaxParallel.Range, "max-parallel-unsupported", "GitLab runs a matrix's jobs as runners are free; limit runners or concurrency instead", "max_parallel is not applied on GitLab")
	}
	// GitLab refuses a matrix of more than 200 jobs in either form, a product of axes
	// included.
	cells := chosenCells(j.Job)
	if len(cells) > maxMatrixJobs {
		e.errorf(mx.Range, "matrix-too-large", fmt.Sprintf("GitLab runs at most %d jobs per matrix; split the stage", maxMatrixJobs), "matrix of stage %q makes %d jobs", j.Stage.Name, len(cells))
	}
	for _, a := range mx.Axes {
		for _, v := range a.Values {
			e.noInterpolation(v.Range, v.Text())
		}
	}
	for _, c := range mx.Include {
		for _, kv := range c.Values {
			e.noInterpolation(kv.Value.Range, kv.Value.Text())
		}
	}
	e.cellNameLengths(j, cells)
	if len(mx.Include) == 0 && len(mx.Exclude) == 0 && len(cells) == len(mx.Cells()) {
		var entry targets.Map
		for _, a := range mx.Axes {
			var vals []any
			for _, v := range a.Values {
				vals = append(vals, escapeVariable(v.Text()))
			}
			targets.Set(&entry, matrixVar(a.Name), vals)
		}
		return []any{entry}
	}
	var out []any
	for _, c := range cells {
		var entry targets.Map
		for _, kv := range c {
			targets.Set(&entry, matrixVar(kv.Key), escapeVariable(kv.Value))
		}
		out = append(out, entry)
	}
	return out
}

// chosenCells lists the cells of job j's matrix that GitLab creates: those that pass the
// parts of the stage's condition that read matrix values alone, as on GitHub and Azure.
// A rule on the matrix's variables would leave the others out of the pipeline too, but
// a job after the matrix needs every cell, and GitLab refuses a pipeline in which a
// needed job does not exist. A rollback job has no condition of its own: it undoes the
// cells its stage's jobs ran.
func chosenCells(j *compile.Job) []model.Cell {
	when := j.When
	if j.Role == compile.RoleRollback {
		for _, n := range j.Needs {
			if n.Stage == j.Stage {
				when = n.When
				break
			}
		}
	}
	all := j.Matrix.Cells()
	tests, _ := expr.MatrixTests(when)
	if len(tests) == 0 {
		return all
	}
	var out []model.Cell
	for _, c := range all {
		if expr.MatrixPasses(tests, c.Get) {
			out = append(out, c)
		}
	}
	return out
}

// cellNameLengths reports a matrix whose cells GitLab would name with more than
// maxJobName characters: it names each cell "JOB: [V1, V2]" after the values as the file
// writes them, and refuses the pipeline when a name is longer.
func (e *emitter) cellNameLengths(j *gjob, cells []model.Cell) {
	for _, c := range cells {
		vals := make([]string, len(c))
		for i, kv := range c {
			vals[i] = escapeVariable(kv.Value)
		}
		e.cellNameLength(j.Job, j.name+": ["+strings.Join(vals, ", ")+"]")
	}
}

// cellNameLength reports a matrix cell's job name (a matrix job's cell, or a cell's
// rollback job) longer than GitLab allows, once per stage.
func (e *emitter) cellNameLength(j *compile.Job, name string) {
	if n := utf8.RuneCountInString(name); n > maxJobName {
		e.stageErrorf(j.Stage, j.Matrix.Range, "job-name-too-long", fmt.Sprintf("GitLab names each cell of a matrix job after its values and refuses a job name of more than %d characters; shorten the values (an env variable can map a short value to a long one)", maxJobName), "a cell of stage %q's matrix would be GitLab job %q (%d characters)", j.Stage.Name, shorten(name), n)
	}
}

// shorten cuts a long name for a message.
func shorten(s string) string {
	if r := []rune(s); len(r) > 60 {
		return string(r[:60]) + "..."
	}
	return s
}

// encodedOutput warns that a service's env reads a stage output as its dotenv report
// carries it (outputEncode): a service starts before the job's script can decode it.
func (e *emitter) encodedOutput(t expr.Template) {
	for _, r := range t.Refs() {
		if r.Root() == "stage" {
			e.warnf(r.Range, "encoded-output", `GitLab's dotenv reports would strip blanks and expand "$" in an output, so pipec percent-encodes %, $, blanks, quotes and # there and scripts decode them; a service starts before any script`, "a service's env reads %s percent-encoded on GitLab", r)
		}
	}
}

func (e *emitter) jobVariables(j *gjob) targets.Map {
	var m targets.Keyed // one key per variable: Set on a Map scans every key
	for _, kv := range j.cell {
		// A cell's rollback sets the values parallel:matrix sets in the cell.
		m.Set(matrixVar(kv.Key), escapeVariable(kv.Value))
	}
	for _, v := range j.Env {
		if !needsShell(v.Value) {
			m.Set(v.Name, e.varTemplate(v.Value, j, "stage env"))
		}
	}
	if len(j.Stage.Outputs) > 0 {
		// Steps write name=value lines here; the last script item turns them into the
		// job's dotenv report.
		m.Set("PIPEC_OUTPUT", "$CI_PROJECT_DIR/"+pipecDir(j)+"/output")
	}
	if j.UsesVault() {
		v := e.plan.Pipeline.Vault
		m.Set("VAULT_SERVER_URL", v.Address.Value)
		m.Set("VAULT_AUTH_ROLE", v.Role.Value)
		if v.AuthPath.Value != "" {
			m.Set("VAULT_AUTH_PATH", v.AuthPath.Value)
		}
	}
	return m.Map()
}

func (e *emitter) cache(j *gjob) targets.Map {
	c := j.Cache
	if c == nil {
		return nil
	}
	prefix := j.Stage.Name
	if c.Key != nil {
		prefix = c.Key.Value
		e.literalField(c.Key.Range, prefix, "a cache key")
		if !cacheKeyAllowed(prefix) {
			e.stageErrorf(j.Stage, c.Key.Range, "unsupported-character", `GitLab refuses a cache key (or key prefix) that holds "/" or is "." or "..", URL-encoded ("%2F", "%2E") too; use '-' or '_' instead`, "cache key %q cannot be used on GitLab", prefix)
		}
	}
	prefix += cacheCell(j)
	var key targets.Map
	if len(c.KeyFiles) > 0 {
		var files []any
		for i, f := range c.KeyFiles {
			if i == 2 {
				e.warnf(f.Range, "cache-key-files", "GitLab keys a cache by at most two files; the first two are used", "cache key file %q is not used on GitLab", f.Value)
				break
			}
			e.noInterpolation(f.Range, f.Value)
			files = append(files, f.Value)
		}
		key = targets.Map{{Key: "files", Value: files}, {Key: "prefix", Value: prefix}}
	}
	var paths []any
	for _, p := range c.Paths {
		if compile.OutsideProject(p.Value) {
			e.warnf(p.Range, "cache-outside-project", "GitLab caches only paths inside the project directory: point the tool's cache there (for pip: PIP_CACHE_DIR: $CI_PROJECT_DIR/.cache/pip)", "cache path %q is not cached on GitLab", p.Value)
			continue
		}
		e.literalField(p.Range, p.Value, "a cache path")
		paths = append(paths, p.Value)
	}
	if len(paths) == 0 {
		return nil
	}
	m := targets.Map{}
	if key != nil {
		targets.Set(&m, "key", key)
	} else {
		targets.Set(&m, "key", prefix)
	}
	targets.Set(&m, "paths", paths)
	return m
}

// cacheCell tells a matrix's cells apart in its cache key, as the other targets do: each
// cell builds files of its own (a virtualenv for its Python) and would otherwise restore,
// and overwrite, another cell's. The runner expands the job's variables in the key, so
// the cell's values are named through them. A value the key cannot hold (GitLab decodes
// "%" escapes and refuses a "/"; "$" would be expanded) gives way to the cell's position
// in the matrix: CI_NODE_INDEX in the matrix's jobs, the same number written out in a
// rollback job of one cell, which runs outside parallel:matrix.
func cacheCell(j *gjob) string {
	mx := j.Matrix
	if mx == nil {
		return ""
	}
	if !cellValuesPlain(mx) {
		if j.cell == nil {
			return "-${CI_NODE_INDEX}"
		}
		for i, c := range chosenCells(j.Job) {
			if slices.Equal(c, j.cell) {
				return "-" + strconv.Itoa(i+1)
			}
		}
	}
	var b strings.Builder
	for _, a := range mx.Axes {
		b.WriteString("-${" + matrixVar(a.Name) + "}")
	}
	return b.String()
}

// cellValuesPlain reports whether every cell's value of an axis (an include entry that
// adds a cell of its own may bring new ones) is made of letters, digits, '.', '_' and
// '-', which a cache key holds as they are.
func cellValuesPlain(mx *model.Matrix) bool {
	for _, c := range mx.Cells() {
		for _, kv := range c {
			if !slices.ContainsFunc(mx.Axes, func(a *model.Axis) bool { return a.Name == kv.Key }) {
				continue
			}
			for _, r := range kv.Value {
				if !(r == '.' || r == '_' || r == '-' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9')) {
					return false
				}
			}
		}
	}
	return true
}

// cacheKeyAllowed reports whether GitLab takes a cache key: it URL-decodes the key first
// (a cache is a directory named after it) and refuses a "/" in it, "." and "..".
func cacheKeyAllowed(key string) bool {
	var b strings.Builder
	for i := 0; i < len(key); i++ {
		if key[i] == '%' && i+2 < len(key) {
			if n, err := strconv.ParseUint(key[i+1:i+3], 16, 8); err == nil {
				b.WriteByte(byte(n))
				i += 2
				continue
			}
		}
		b.WriteByte(key[i])
	}
	k := b.String()
	return !strings.Contains(k, "/") && k != "." && k != ".."
}

// pipecDir holds a job's outputs and dotenv report, one directory per job: a runner that
// runs jobs side by side in one directory (the shell executor) must not mix them.
func pipecDir(j *gjob) string {
	var b strings.Builder
	for _, r := range j.name {
		if r == '-' || r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return ".pipec/" + b.String()
}

func dotenvFile(j *gjob) string { return pipecDir(j) + "/outputs.env" }

// artifacts keeps the stage's files for the jobs after it, and the dotenv report that
// carries stage outputs and early ends to them.
func (e *emitter) artifacts(j *gjob) targets.Map {
	var m targets.Map
	var paths []any
	if j.Role == compile.RoleMain {
		for _, a := range j.Produces {
			for _, p := range a.Paths {
				e.literalField(p.Range, p.Value, "an artifact path")
				paths = append(paths, p.Value)
			}
		}
	}
	handOn := handOn(j)
	for _, p := range handOn {
		if !slices.Contains(paths, p) {
			paths = append(paths, p)
		}
	}
	if len(paths) > 0 {
		targets.Set(&m, "paths", paths)
		if expire := e.retention(j); expire > 0 {
			targets.Set(&m, "expire_in", humanDuration(expire))
		}
	}
	if e.hasDotenv(j) {
		targets.Set(&m, "reports", targets.Map{{Key: "dotenv", Value: dotenvFile(j)}})
		e.checkDotenvLimit(j)
	}
	if len(passThrough(j)) > 0 || len(handOn) > 0 {
		// The rollback runs when this job failed, and reads what it passed on.
		targets.Set(&m, "when", "always")
	}
	if len(m) == 0 {
		return nil
	}
	return m
}

// dotenvLimit is the number of variables a self-managed GitLab accepts in one dotenv
// report unless an administrator raises it (plan limit dotenv_variables; GitLab.com's
// plans allow 50 to 150). GitLab refuses the upload of a report beyond it.
const dotenvLimit = 20

// checkDotenvLimit warns, once per stage, when the job's dotenv report may hold more
// variables than a self-managed GitLab accepts: one per stage output, plus the
// variables by which pipec tells the jobs after it that it ended early or which
// upstream outputs its rollback job reads.
func (e *emitter) checkDotenvLimit(j *gjob) {
	own := len(passThrough(j))
	if j.mayEnd {
		own++
	}
	if cells(j) {
		own++
	}
	n := len(j.Outputs) + own
	if n <= dotenvLimit {
		return
	}
	rng := j.Stage.NameRange
	if len(j.Stage.Outputs) > 0 {
		rng = j.Stage.Outputs[0].Range
	}
	ownText := ""
	if own > 0 {
		noun := "variables"
		if own == 1 {
			noun = "variable"
		}
		ownText = fmt.Sprintf(" and up to %d %s of its own (an early end, or outputs handed to the rollback)", own, noun)
	}
	e.stageWarnf(j.Stage, "", rng, "dotenv-limit",
		fmt.Sprintf("GitLab refuses the upload of a dotenv report that holds more than %d variables or 5120 bytes, unless an administrator raises those limits (GitLab.com allows 50 to 150 variables, by plan); pipec writes each output there (percent-encoded)%s; declare at most %d outputs here, or carry several values in one", dotenvLimit, ownText, dotenvLimit-own),
		"stage %q's dotenv report may hold %d variables on GitLab, more than the %d a self-managed GitLab accepts", j.Stage.Name, n, dotenvLimit)
}

// handOn lists the paths of the upstream artifacts a main job hands on to its stage's
// rollback job, which needs only the stage's own jobs (see needs) and so receives only
// their artifacts: the job uploads the files it downloaded, even when it fails.
func handOn(j *gjob) []any {
	if j.Role != compile.RoleMain || j.Stage.Rollback == nil {
		return nil
	}
	var out []any
	for _, u := range j.Consumes {
		for _, p := range u.Artifact.Paths {
			out = append(out, p.Value)
		}
	}
	return out
}

// retention is the one expire_in GitLab keeps a job's artifacts for, 0 for none: the
// longest its artifacts ask for, or none when one of them asks for none (it keeps the
// instance's default, which may be longer). An artifact kept longer than its expire_in
// says is a warning, since each artifact is kept apart on the other targets.
func (e *emitter) retention(j *gjob) int64 {
	var expire int64
	var unset *model.Artifact
	for _, a := range j.Produces {
		if a.ExpireIn == nil {
			unset = a
			break
		}
		expire = max(expire, a.ExpireIn.Seconds)
	}
	kept := fmt.Sprintf("%s, the longest", humanDuration(expire))
	if unset != nil {
		expire = 0
		kept = fmt.Sprintf("the instance's default, since artifact %q sets no expire_in", unset.Name)
	}
	for _, a := range j.Produces {
		if a.ExpireIn == nil || a.ExpireIn.Seconds == expire {
			continue
		}
		e.stageWarnf(j.Stage, a.Name, a.ExpireIn.Range, "artifact-retention", "GitLab keeps all the artifacts of a job for one time, here "+kept+": give the stage's artifacts one expire_in, or move this one to a stage of its own", "artifact %q's expire_in is not applied on GitLab", a.Name)
	}
	return expire
}

// duration renders seconds as GitLab's "1h 30m".
func duration(s int64) string {
	var parts []string
	for _, u := range []struct {
		n    int64
		unit string
	}{{86400, "d"}, {3600, "h"}, {60, "m"}, {1, "s"}} {
		if s >= u.n {
			parts = append(parts, fmt.Sprintf("%d%s", s/u.n, u.unit))
			s %= u.n
		}
	}
	return strings.Join(parts, " ")
}

// humanDuration renders seconds as "7 days", "3 hours" for expire_in.
func humanDuration(s int64) string {
	switch {
	case s%86400 == 0:
		return plural(s/86400, "day")
	case s%3600 == 0:
		return plural(s/3600, "hour")
	case s%60 == 0:
		return plural(s/60, "minute")
	}
	return plural(s, "second")
}

func plural(n int64, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}

// windowsScript runs a job's POSIX script items on a Windows runner, whose shell is
// PowerShell: one PowerShell item writes them to a file with LF line endings (bash
// rejects CRLF) and runs it with bash, exiting with bash's status.
func windowsScript(items []any) string {
	var body strings.Builder
	for _, it := range items {
		s := it.(string)
		body.WriteString(s)
		if !strings.HasSuffix(s, "\n") {
			body.WriteString("\n")
		}
	}
	// A single-quoted here-string is taken literally up to a line starting with '@.
	text := strings.ReplaceAll(body.String(), "\n'@", "\n '@")
	return "$pipec_script = Join-Path ([IO.Path]::GetTempPath()) \"pipec-$env:CI_JOB_ID.sh\"\n" +
		"$pipec_text = @'\nset -e\n" + text + "'@\n" +
		"[IO.File]::WriteAllText($pipec_script, ($pipec_text -replace \"`r\", \"\"))\n" +
		"& bash $pipec_script\n" +
		"if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }\n"
}

// infraFailures are the failure reasons GitLab retries a job whose stage's steps retry
// themselves: the runner, the scheduler or the API failed the job, not its script (nor
// its timeout: a deploy stopped half way is rolled back, not run again).
var infraFailures = []any{"runner_system_failure", "stuck_or_timeout_failure", "api_failure", "scheduler_failure", "data_integrity_failure"}

// retriesInScript reports whether job j's retries re-run its stage's own steps in the
// script (posix.RetryFromFile) rather than the whole job: a deploy job that also runs
// verify steps, which must run once, so a failing check is not retried until it passes.
func retriesInScript(j *gjob) bool {
	if j.Retries == nil || j.Retries.Value == 0 {
		return false
	}
	for _, st := range j.Steps {
		if st.Phase != compile.PhaseMain {
			return true
		}
	}
	return false
}

// hostedWithoutDocker refuses an image or services on GitLab's hosted Windows and macOS
// runners (the windows and macos classes), which run jobs in virtual machines, not with
// the Docker executor: GitLab's documents say a Windows job cannot specify image or
// services, and a macOS job's image names one of GitLab's macOS VM images
// (macos-15-xcode-16), not a container. Services would never start there and the job
// would fail reaching them; a container image fails the job. A self-hosted runner (a
// label list) may use Docker's Windows executor, and keeps both.
func (e *emitter) hostedWithoutDocker(j *gjob) {
	var os, vm string
	switch j.Runner.Class {
	case model.RunnerWindows:
		os, vm = "Windows", "run jobs in virtual machines, not in containers"
	case model.RunnerMacOS:
		os, vm = "macOS", "run jobs in virtual machines, where an image names one of GitLab's macOS VM images (macos-15-xcode-16), not a container"
	default:
		return
	}
	if img := j.Image; img != nil && (os == "Windows" || !macOSVMImage(*img)) {
		e.stageErrorf(j.Stage, img.Range, "container-needs-linux", "GitLab's hosted "+os+" runners "+vm+": drop the image, or use runner = \"linux\" or a label list for a self-hosted runner with Docker", "stage %q runs in an image on GitLab's hosted %s runner", j.Stage.Name, os)
	}
	if len(j.Services) > 0 {
		e.stageErrorf(j.Stage, j.Services[0].Range, "services-need-linux", "GitLab's hosted "+os+" runners run jobs in virtual machines without the Docker executor, which is what starts services: run the stage on runner = \"linux\", or on a label list for a self-hosted runner with Docker", "stage %q has services on GitLab's hosted %s runner", j.Stage.Name, os)
	}
}

// macOSVMImage reports whether an image names one of GitLab's macOS VM images by its
// literal start (macos-15-xcode-16), as a job on its hosted macOS runners may.
func macOSVMImage(t expr.Template) bool {
	return len(t.Parts) > 0 && t.Parts[0].Ref == nil && strings.HasPrefix(t.Parts[0].Lit, "macos-")
}

// image renders the job's image. An image that starts its tool from its ENTRYPOINT
// (hashicorp/terraform) gets an empty entrypoint, as GitLab's docs advise: the Docker
// executor starts the job's container through the entrypoint and hands it the shell, so
// terraform would get "sh" as its arguments and the job fail before its script. Other
// images keep theirs, which may set the job up (docker:27's finds a dind service).
func (e *emitter) image(j *gjob) any {
	name := e.varTemplate(*j.Image, j, "image")
	if !targets.ToolEntrypointTemplate(*j.Image) {
		return name
	}
	return targets.Map{{Key: "name", Value: name}, {Key: "entrypoint", Value: []any{""}}}
}
