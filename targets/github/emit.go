package github

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/pipec-dev/pipec/compile"
	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/model"
	"github.com/pipec-dev/pipec/targets"
)

const target = "github"

// emitter holds one emission's state: the plan, the job ids chosen for it, and the
// diagnostics found on the way.
type emitter struct {
	plan   *compile.Plan
	ids    map[*compile.Job]string
	warned map[*model.Stage]bool // stages already warned about, so a chain warns once
	// clashed holds the env variables already reported by caseClash.
	clashed map[*model.EnvVar]bool
	// approvalSaid are the environments whose approval has been warned about.
	approvalSaid map[*model.Environment]bool
	// cellRollbacks are the rollback jobs of matrix stages, by stage: their steps run in
	// each cell of the stage's job (rollbackInCell).
	cellRollbacks map[*model.Stage]*compile.Job
	// concurrent are the deploying stages that get a concurrency group of their own
	// (concurrentDeploys).
	concurrent map[*model.Stage]bool
	// rolledBack are the jobs a rollback job follows: each publishes startedOutput.
	rolledBack map[*compile.Job]bool
	// stepEnv are the pipeline's variables that read a value the job's context step
	// computes (ci.short_sha, and ci.workspace when a job runs in a container): the
	// workflow's env is evaluated before any step, so they go to each job instead
	// (jobEnv).
	stepEnv []*model.EnvVar
	// noBash are the stages already warned about for running bash in an image without it.
	noBash map[*model.Stage]bool
	// noLibc are the stages already warned about for an image without a C library.
	noLibc map[*model.Stage]bool
	// azInImage are the stages already warned about for logging in to Azure in an image.
	azInImage map[*model.Stage]bool
	diags     diag.Diagnostics
}

func newEmitter(p *compile.Plan) *emitter {
	e := &emitter{plan: p, ids: map[*compile.Job]string{}, warned: map[*model.Stage]bool{}, approvalSaid: map[*model.Environment]bool{}, cellRollbacks: map[*model.Stage]*compile.Job{}, concurrent: concurrentDeploys(p), rolledBack: map[*compile.Job]bool{}, noBash: map[*model.Stage]bool{}, noLibc: map[*model.Stage]bool{}, azInImage: map[*model.Stage]bool{}}
	for _, j := range p.Jobs {
		if rollbackInCell(j) {
			e.cellRollbacks[j.Stage] = j
			continue
		}
		if j.OnFailure {
			for _, n := range j.Needs {
				if n.Stage == j.Stage {
					e.rolledBack[n] = true
				}
			}
		}
	}
	return e
}

// rollbackInCell reports a rollback job that runs inside the cells of its stage's matrix
// job, as steps after the stage's steps that run when one of them failed. GitHub tells
// the jobs that need a matrix job one result for all its cells (failure when any cell
// failed), so a rollback job of its own could not tell which cell to undo.
func rollbackInCell(j *compile.Job) bool {
	return j.Role == compile.RoleRollback && j.Matrix != nil
}

// rollbackOf is the rollback job whose steps run inside j's cells, or nil.
func (e *emitter) rollbackOf(j *compile.Job) *compile.Job {
	if j.Role != compile.RoleMain {
		return nil
	}
	return e.cellRollbacks[j.Stage]
}

// secrets are the secrets j's steps read, and those of the rollback steps it runs.
func (e *emitter) secrets(j *compile.Job) []*model.Secret {
	rb := e.rollbackOf(j)
	if rb == nil || len(rb.Secrets) == 0 {
		return j.Secrets
	}
	used := map[*model.Secret]bool{}
	for _, s := range append(append([]*model.Secret{}, j.Secrets...), rb.Secrets...) {
		used[s] = true
	}
	var out []*model.Secret
	for _, s := range e.plan.Pipeline.Secrets {
		if used[s] {
			out = append(out, s)
		}
	}
	return out
}

// usesVault reports whether a secret j's steps (rollback steps included) read is in Vault.
func (e *emitter) usesVault(j *compile.Job) bool {
	for _, s := range e.secrets(j) {
		if s.Vault != nil {
			return true
		}
	}
	return false
}

func (e *emitter) errorf(rng diag.Range, code, detail, format string, args ...any) {
	d := e.diags.Errorf(rng, code, detail, format, args...)
	d.Target = target
}

func (e *emitter) warnf(rng diag.Range, code, detail, format string, args ...any) {
	d := e.diags.Warnf(rng, code, detail, format, args...)
	d.Target = target
}

func (e *emitter) emit() ([]byte, diag.Diagnostics) {
	p := e.plan.Pipeline
	e.assignIDs()
	e.checkVaultSecrets()
	e.checkSecretNames()
	e.checkEnvNames()

	var doc targets.Map
	targets.Set(&doc, "name", p.Name)
	targets.Set(&doc, "on", e.triggers())
	// No token permissions unless a job asks: each job lists exactly what it needs.
	targets.Set(&doc, "permissions", targets.Map{})
	// A newer push to the same pull request makes the older run moot. Every other run
	// gets a group of its own (its run id): GitHub keeps one running and one pending run
	// per group and cancels the pending one when another queues, even without
	// cancel-in-progress, so a group per ref would run pushes, schedules and manual runs
	// of a branch one at a time and drop the middle ones.
	// A run that may deploy for a pull request (a preview) is never cancelled: GitHub
	// would stop its deploy job half way. The newer push's run then waits for it, and
	// a third push replaces the waiting one.
	cancel := any("${{ github.event_name == 'pull_request' }}")
	if deploysForPullRequests(e.plan) {
		cancel = false
	}
	targets.Set(&doc, "concurrency", targets.Map{
		{Key: "group", Value: "${{ github.workflow }}-${{ github.event_name == 'pull_request' && github.ref || github.run_id }}"},
		{Key: "cancel-in-progress", Value: cancel},
	})
	if len(p.Env) > 0 {
		var stay []*model.EnvVar
		containers := e.firstContainerJob() != nil
		for _, v := range p.Env {
			if readsRef(v, "ci.short_sha") || containers && readsRef(v, "ci.workspace") {
				e.stepEnv = append(e.stepEnv, v)
				continue
			}
			stay = append(stay, v)
		}
		if len(stay) > 0 {
			targets.Set(&doc, "env", e.envMap(stay, nil, nil))
		}
	}
	targets.Set(&doc, "defaults", targets.Map{{Key: "run", Value: targets.Map{{Key: "shell", Value: "bash"}}}})
	var jobs targets.Keyed
	for _, j := range e.plan.Jobs {
		if !rollbackInCell(j) {
			jobs.Set(e.ids[j], e.job(j))
		}
	}
	targets.Set(&doc, "jobs", jobs.Map())
	e.diags.Sort()
	if e.diags.HasErrors() {
		return nil, e.diags
	}
	header := targets.Header(e.plan)
	out, commented, err := targets.EncodeCommented(header, doc, versionComment)
	if err != nil {
		panic(fmt.Sprintf("github: encoding a workflow built from ordered maps failed: %v", err))
	}
	if !commented {
		out = annotateVersions(out)
	}
	return out, e.diags
}

// versionComment is the version of a pinned action, written after its SHA: "uses:
// actions/checkout@SHA # v4.2.2". It applies to the steps of native blocks too.
func versionComment(key, value string) string {
	if key != "uses" {
		return ""
	}
	at := strings.LastIndexByte(value, '@')
	if at < 0 {
		return ""
	}
	return pinnedVersions()[value[at+1:]]
}

// assignIDs maps plan job ids to GitHub job ids: letters, digits, '-' and '_', starting
// with a letter or '_'. Two plan jobs that map to one id are an error, never a silent merge.
func (e *emitter) assignIDs() {
	seen := map[string]*compile.Job{}
	for _, j := range e.plan.Jobs {
		id := JobID(j.ID)
		if other, ok := seen[id]; ok {
			e.errorf(j.Stage.NameRange, "job-name-collision", fmt.Sprintf("stage %q also becomes GitHub job %q; rename one of them", other.Stage.Name, id), "two jobs become GitHub job %q", id)
		}
		seen[id] = j
		e.ids[j] = id
	}
}

// JobID is the GitHub job id of a plan job id: letters, digits, '-' and '_', starting with a
// letter or '_' but not "__" (the linter maps actionlint's findings back to stages with it).
func JobID(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r == '_' || r == '-' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	id := b.String()
	if id == "" || !(id[0] == '_' || (id[0] >= 'a' && id[0] <= 'z') || (id[0] >= 'A' && id[0] <= 'Z')) {
		id = "_" + id
	}
	if strings.HasPrefix(id, "__") {
		// GitHub reserves ids that start with "__" ("IDs starting with '__' are
		// reserved") and refuses the workflow; a stage may be named "__init".
		id = "job" + id
	}
	if len(id) > maxJobID {
		// GitHub refuses a job id of 100 characters or more. A stage name may have 100,
		// and a strategy's jobs add a suffix ("-canary-100", "-rollback"): keep the
		// front and make the end a digest of the whole id, so two long ids stay apart.
		sum := sha256.Sum256([]byte(id))
		id = id[:maxJobID-9] + "-" + hex.EncodeToString(sum[:4])
	}
	return id
}

// maxJobID is the longest job id GitHub accepts ("IDs must be less than 100 characters").
const maxJobID = 99

// annotateVersions writes each pinned action's version after its SHA, as
// `uses: actions/checkout@<sha> # v4.2.2`, into a workflow go-yaml encoded (the YAML
// writer writes them itself: versionComment). Lines inside a block scalar are a script's
// text, not YAML, and stay as they are: a script line that read like a uses: line got
// the comment appended.
func annotateVersions(out []byte) []byte {
	versions := pinnedVersions()
	var res []byte // out with the comments, made at the first one
	copied := 0    // out[:copied] is in res
	block := -1    // the indentation of the line that opened the block scalar we are in
	for start, end := 0, 0; start < len(out); start = end + 1 {
		end = bytes.IndexByte(out[start:], '\n')
		if end < 0 {
			end = len(out)
		} else {
			end += start
		}
		l := out[start:end]
		if block >= 0 {
			if indent := len(l) - len(bytes.TrimLeft(l, " ")); len(bytes.TrimSpace(l)) == 0 || indent > block {
				continue
			}
			block = -1
		}
		if m := opensBlock(l); m != nil {
			// Its content is indented more than the key that owns it; a block that is
			// itself a list item ("- |") is owned by its dash.
			block = len(m[1]) + len(m[2])
			if len(m[3]) == 0 {
				block -= 2
			}
			continue
		}
		t := bytes.TrimPrefix(bytes.TrimSpace(l), []byte("- "))
		at := bytes.LastIndexByte(l, '@')
		if at < 0 || !bytes.HasPrefix(t, []byte("uses: ")) {
			continue
		}
		if v, ok := versions[string(l[at+1:])]; ok {
			if res == nil {
				res = make([]byte, 0, len(out)+len(out)/8)
			}
			res = append(append(append(res, out[copied:end]...), " # "...), v...)
			copied = end
		}
	}
	if res == nil {
		return out
	}
	return append(res, out[copied:]...)
}

// pinnedVersions maps each pinned action's SHA to its version.
var pinnedVersions = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	for _, a := range Actions {
		m[a.SHA] = a.Version
	}
	return m
})

// opensBlock is blockStart().FindSubmatch, after a test of the last byte that rules out
// almost every line: the regexp was a third of the GitHub emitter's time.
func opensBlock(l []byte) [][]byte {
	if len(l) == 0 || !bytes.ContainsAny(l[len(l)-1:], "|>-+0123456789") || !bytes.ContainsAny(l, "|>") {
		return nil
	}
	return blockStart().FindSubmatch(l)
}

// blockStart matches a line that opens a block scalar ("key: |", "- key: |-", "- >+"):
// its indentation, its dashes and its key.
var blockStart = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^( *)((?:- )*)([^ #].*: )?[|>][-+]?[0-9]?[-+]?$`) })

// noExpression reports, as an error at rng, text for the workflow's `on:` that holds
// "${{": GitHub allows no expression there and has no way to write the characters
// literally (an escape is an expression too).
func (e *emitter) noExpression(rng diag.Range, what, text string) {
	if strings.Contains(text, "${{") {
		e.errorf(rng, "unsupported-character", "GitHub reads \"${{\" as the start of an expression, and allows none in a workflow's triggers; there is no escape for it there", "%s %q cannot be written on GitHub", what, text)
	}
}

func (e *emitter) triggers() targets.Map {
	var on targets.Map
	t := e.plan.Pipeline.On
	if t.Push != nil {
		for _, l := range [][]model.String{t.Push.Branches, t.Push.Tags, t.Push.Paths, t.Push.PathsIgnore} {
			for _, g := range l {
				e.noExpression(g.Range, "glob", g.Value)
			}
			e.checkGlobs(l)
		}
	}
	if t.PullRequest != nil {
		for _, l := range [][]model.String{t.PullRequest.Branches, t.PullRequest.Paths, t.PullRequest.PathsIgnore} {
			for _, g := range l {
				e.noExpression(g.Range, "glob", g.Value)
			}
			e.checkGlobs(l)
		}
	}
	if t.Manual != nil {
		for _, in := range t.Manual.Inputs {
			e.noExpression(in.Range, "input "+in.Name+"'s description", in.Description)
			if in.Default != nil && in.Default.Kind == model.KindString {
				e.noExpression(in.Default.Range, "input "+in.Name+"'s default", in.Default.Str)
			}
			for _, o := range in.Options {
				e.noExpression(o.Range, "input "+in.Name+"'s option", o.Value)
			}
		}
	}
	if t.Push != nil {
		var push targets.Map
		setList(&push, "branches", t.Push.Branches)
		setList(&push, "tags", t.Push.Tags)
		setPaths(&push, t.Push.Paths, t.Push.PathsIgnore)
		targets.Set(&on, "push", nilIfEmpty(push))
	}
	if t.PullRequest != nil {
		var pr targets.Map
		setList(&pr, "branches", t.PullRequest.Branches)
		setPaths(&pr, t.PullRequest.Paths, t.PullRequest.PathsIgnore)
		targets.Set(&on, "pull_request", nilIfEmpty(pr))
	}
	if len(t.Schedules) > 0 {
		var crons []any
		for _, s := range t.Schedules {
			crons = append(crons, targets.Map{{Key: "cron", Value: strings.Join(strings.Fields(s.Cron.Value), " ")}})
		}
		targets.Set(&on, "schedule", crons)
	}
	if t.Manual != nil {
		var inputs targets.Map
		for _, in := range t.Manual.Inputs {
			inputs = append(inputs, targets.Item{Key: in.Name, Value: e.input(in)})
		}
		var wd targets.Map
		if len(inputs) > 0 {
			targets.Set(&wd, "inputs", inputs)
		}
		if len(t.Manual.Inputs) > 25 {
			e.errorf(t.Manual.Range, "too-many-inputs", "GitHub accepts at most 25 workflow_dispatch inputs", "manual trigger has %d inputs", len(t.Manual.Inputs))
		}
		targets.Set(&on, "workflow_dispatch", nilIfEmpty(wd))
	}
	return on
}

func (e *emitter) input(in *model.Input) targets.Map {
	var m targets.Map
	if in.Description != "" {
		targets.Set(&m, "description", ghText(in.Description))
	}
	typ := in.Type.Value
	if typ == "" {
		typ = model.InputString
	}
	targets.Set(&m, "type", typ)
	targets.Set(&m, "required", in.Required)
	if in.Default != nil {
		targets.Set(&m, "default", scalar(in.Default))
	}
	if len(in.Options) > 0 {
		targets.Set(&m, "options", strs(in.Options))
	}
	return m
}

// setPaths writes path filters. GitHub rejects paths and paths-ignore on one event, so
// when a spec has both they become one `paths` list with the ignored globs negated last
// (later patterns win in GitHub's filter).
func setPaths(m *targets.Map, paths, ignore []model.String) {
	switch {
	case len(paths) > 0 && len(ignore) > 0:
		all := globs(paths)
		for _, g := range ignore {
			all = append(all, "!"+ghGlob(g.Value))
		}
		targets.Set(m, "paths", all)
	case len(paths) > 0:
		targets.Set(m, "paths", globs(paths))
	case len(ignore) > 0:
		targets.Set(m, "paths-ignore", globs(ignore))
	}
}

func setList(m *targets.Map, key string, list []model.String) {
	if len(list) > 0 {
		targets.Set(m, key, globs(list))
	}
}

func strs(list []model.String) []any {
	out := make([]any, len(list))
	for i, s := range list {
		out[i] = s.Value
	}
	return out
}

// nilIfEmpty renders an event with no filters as `push:` (null), GitHub's "every push".
func nilIfEmpty(m targets.Map) any {
	if len(m) == 0 {
		return nil
	}
	return m
}

// scalar renders a literal value. Numbers keep their text as a string: YAML would read
// 3.10 as 3.1.
func scalar(v *model.Value) any {
	switch v.Kind {
	case model.KindBool:
		return v.Bool
	case model.KindString:
		return ghText(v.Str)
	case model.KindNumber:
		return v.Str
	}
	return nil
}
