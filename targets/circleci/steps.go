package circleci

import (
	"fmt"
	"github.com/pipec-dev/pipec/targets/posix"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/pipec-dev/pipec/compile"
	"github.com/pipec-dev/pipec/compile/expr"
	"github.com/pipec-dev/pipec/compile/model"
	"github.com/pipec-dev/pipec/targets"
)

// run is a run step. CircleCI substitutes << ... >> in a command as text before the
// shell sees it, so spec text that looks like a parameter is escaped in every command.
func run(name, command string) targets.Map {
	return targets.Map{{Key: "run", Value: targets.Map{{Key: "name", Value: name}, {Key: "command", Value: escapeParams(command)}}}}
}

func persist(paths ...any) targets.Map {
	return targets.Map{{Key: "persist_to_workspace", Value: targets.Map{{Key: "root", Value: "."}, {Key: "paths", Value: paths}}}}
}

// cell names a matrix job's cell in the workspace ("job" without a matrix).
func cell(j *cjob) string {
	if j.Matrix == nil {
		return "job"
	}
	var parts []string
	for _, k := range newGrid(j.Matrix).keys {
		parts = append(parts, "<< parameters."+k+" >>")
	}
	return strings.Join(parts, "-")
}

// cellFile names a matrix cell's status file from the shell: a checksum of the cell's
// values, which the job's environment holds (a value may contain '/' or spaces, and a
// << parameter >> in a command is escaped, so it cannot name the file itself).
func cellFile(j *cjob) string {
	if j.Matrix == nil {
		return "job"
	}
	var vars []string
	for _, k := range newGrid(j.Matrix).keys {
		vars = append(vars, `"$`+matrixVar(k)+`"`)
	}
	return `$(printf '%s\n' ` + strings.Join(vars, " ") + ` | cksum | cut -d' ' -f1)`
}

// readsOutputs reports whether the job reads another stage's outputs.
func (e *emitter) readsOutputs(j *cjob) bool {
	for _, r := range e.jobRefs(j) {
		if r.Root() == "stage" {
			return true
		}
	}
	return false
}

// attaches reports whether the job needs the workspace: artifacts, outputs, or the
// status of a job before it that may have ended early. Each implies an upstream job
// persisted something (CircleCI fails attach_workspace on an empty workspace).
func (e *emitter) attaches(j *cjob) bool {
	if len(j.Consumes) > 0 || e.readsOutputs(j) {
		return true
	}
	for _, n := range j.needs {
		if n.mayEnd {
			return true
		}
	}
	return false
}

// computed are the pipeline and stage variables whose value needs the shell (ci.*
// values): the setup step exports them for every step through $BASH_ENV.
func (e *emitter) computed(j *cjob) []*model.EnvVar {
	var out []*model.EnvVar
	for _, v := range targets.JobEnv(e.plan.Pipeline.Env, j.Env) {
		if _, ok := e.compileTemplate(v.Value, j, j.Job); !ok {
			out = append(out, v)
		}
	}
	return out
}

func (e *emitter) steps(j *cjob) []any {
	steps := []any{"checkout"}
	if e.attaches(j) {
		steps = append(steps, targets.Map{{Key: "attach_workspace", Value: targets.Map{{Key: "at", Value: "."}}}})
		if m := e.mergeCells(j); m != nil {
			steps = append(steps, m)
		}
	}
	computed := e.computed(j)
	if j.mayEnd || len(j.Outputs) > 0 || e.readsOutputs(j) || len(computed) > 0 {
		var b strings.Builder
		b.WriteString("mkdir -p .pipec\n")
		// Set here too: $BASH_ENV reaches the later steps, not this one.
		b.WriteString(`PIPEC_DIR="$PWD/.pipec"` + "\n")
		b.WriteString(`printf 'export PIPEC_DIR=%q\n' "$PIPEC_DIR" >> "$BASH_ENV"` + "\n")
		if len(j.Outputs) > 0 {
			fmt.Fprintf(&b, "mkdir -p .pipec/%s && : > .pipec/%s/output\n", j.name, j.name)
			fmt.Fprintf(&b, `printf 'export PIPEC_OUTPUT=%%q\n' "$PWD/.pipec/%s/output" >> "$BASH_ENV"`+"\n", j.name)
		}
		for _, v := range computed {
			fmt.Fprintf(&b, `printf 'export %s=%%q\n' "%s" >> "$BASH_ENV"`+"\n", v.Name, e.shellTemplate(v.Value, j, j.Job))
		}
		steps = append(steps, run("pipec setup", b.String()))
	}
	if j.mayEnd {
		steps = append(steps, e.guard(j)...)
	}
	if j.Identity != nil {
		steps = append(steps, run("pipec identity "+j.Identity.Name, e.login(j.Identity, targets.MayRunWindows(j.Runner))))
	}
	restore, save := e.cache(j)
	steps = append(steps, restore...)
	for _, st := range j.Steps {
		steps = append(steps, e.runStep(j, st, j.Job, false))
	}
	steps = append(steps, save...)
	if len(j.Outputs) > 0 {
		steps = append(steps, e.outputsSteps(j)...)
	}
	steps = append(steps, e.artifacts(j)...)
	if j.rollback != nil {
		for _, st := range j.rollback.Steps {
			steps = append(steps, e.runStep(j, st, j.rollback, true))
		}
	}
	return steps
}

// outputsSteps keep the values the job's steps wrote to $PIPEC_OUTPUT in the workspace,
// one file per output. An empty last value keeps what an earlier job of the chain wrote
// (the file came with the workspace), as GitHub's `||` and GitLab's `:-` do. A rolling
// deploy's batch keeps them in a directory of its own, which the jobs reading them merge
// in batch order (mergeCells): batches of a wave run at once, and CircleCI refuses a
// workspace that concurrent jobs wrote one file to.
func (e *emitter) outputsSteps(j *cjob) []any {
	dir := ".pipec/outputs/" + j.Stage.Name
	if j.batch > 0 {
		dir = batchOutputsDir(j.Stage.Name) + "/" + strconv.Itoa(j.batch)
	}
	shellDir := "$PIPEC_DIR" + strings.TrimPrefix(dir, ".pipec")
	var b strings.Builder
	fmt.Fprintf(&b, "mkdir -p \"%s\" && : > \"%s/.pipec\"\n", shellDir, shellDir)
	if targets.WindowsPowerShell(j.Job) {
		b.WriteString(targets.OutputToUTF8(`"$PIPEC_OUTPUT"`))
	}
	for _, o := range j.Outputs {
		// An empty last value keeps what an earlier job of the chain wrote (the file
		// came with the workspace), as GitHub's `||` and GitLab's `:-` do.
		fmt.Fprintf(&b, "pipec_v=\"$(%s)\"\n", targets.LastOutput(o.Value, `"$PIPEC_OUTPUT"`))
		fmt.Fprintf(&b, "if [ -n \"$pipec_v\" ]; then printf '%%s\\n' \"$pipec_v\" > \"%s/%s\"; fi\n", shellDir, o.Value)
	}
	steps := []any{run("pipec outputs", b.String())}
	if j.batch > 0 {
		return append(steps, persist(dir))
	}
	if p := oneCell(j, persist(dir)); p != nil {
		steps = append(steps, p)
	}
	return steps
}

// guard decides, when the job starts, whether it runs: it ends early (successfully)
// when a job it needs ended early, or when its own run-time condition is false. Either
// way it records the decision in the workspace for the jobs after it, then halts.
func (e *emitter) guard(j *cjob) []any {
	var tests []string
	for _, n := range j.needs {
		if n.mayEnd {
			// Skipped when every cell that decided skipped: one matrix cell's skip must
			// not skip the stages after it.
			d := fmt.Sprintf(`"$PIPEC_DIR/status/%s"`, n.name)
			tests = append(tests, fmt.Sprintf(`{ [ -d %s ] && ! grep -rqvx skipped %s; }`, d, d))
		}
	}
	sort.Strings(tests)
	tests = targets.Unique(tests)
	if j.runtime != nil {
		if not, ok := j.runtime.(*expr.Not); ok {
			tests = append(tests, posix.Cond(not.X, e.valueOf(j)))
		} else {
			tests = append(tests, "! "+posix.Cond(j.runtime, e.valueOf(j)))
		}
	}
	status := fmt.Sprintf(`"$PIPEC_DIR/status/%s/%s"`, j.name, cellFile(j))
	cmd := fmt.Sprintf("mkdir -p \"$PIPEC_DIR/status/%s\"\nif %s; then\n  echo \"pipec: %s does not run: its condition is false, or a stage before it did not run\"\n  echo skipped > %s\nelse\n  echo run > %s\nfi\n",
		j.name, strings.Join(tests, " || "), j.Stage.Name, status, status)
	return []any{
		run("pipec condition", cmd),
		persist(".pipec/status/" + j.name),
		run("pipec skip", fmt.Sprintf("if [ \"$(cat %s)\" = skipped ]; then circleci-agent step halt; fi\n", status)),
	}
}

// cache restores and saves the stage's cache, keyed by the checksum of its key files
// (which may be globs, so a step first lists them and their contents in one file).
func (e *emitter) cache(j *cjob) (restore, save []any) {
	c := j.Cache
	if c == nil {
		return nil, nil
	}
	prefix := j.Stage.Name
	if c.Key != nil {
		prefix = c.Key.Value
	}
	prefix = "v1-" + escapeParams(strings.ReplaceAll(prefix, "{{", "{ {")) + "-{{ arch }}"
	if j.Matrix != nil {
		prefix += "-" + cell(j)
	}
	key := prefix + "-{{ epoch }}"
	if len(c.KeyFiles) > 0 {
		file := "/tmp/pipec-cache-key-" + j.name
		mkdir := ""
		if targets.MayRunWindows(j.Runner) {
			// CircleCI's agent reads checksum's file with Windows' paths, where /tmp is
			// C:\tmp, not the /tmp of Git for Windows' bash that writes it: a path relative
			// to the job's working directory is the same file to both.
			file = ".pipec/cache-key-" + j.name
			mkdir = "mkdir -p .pipec\n"
		}
		var words []string
		for _, f := range c.KeyFiles {
			words = append(words, posix.Glob(f.Value))
		}
		// A key file that does not exist (an optional lock file) or is a directory adds
		// nothing to the key, as hashFiles and GitLab's key:files read it: cat would fail
		// the job under CircleCI's bash -e.
		restore = append(restore, run("pipec cache key", fmt.Sprintf("shopt -s globstar nullglob\n%sfor f in %s; do [ -f \"$f\" ] || continue; printf '%%s\\n' \"$f\"; cat \"$f\"; done > %s\n", mkdir, strings.Join(words, " "), file)))
		key = fmt.Sprintf("%s-{{ checksum %q }}", prefix, file)
	}
	var paths []any
	for _, p := range c.Paths {
		// save_cache takes files and directories, no wildcards: a directory's "/*" or
		// "/**" is the directory itself; any other glob cannot be saved.
		v := strings.TrimSuffix(strings.TrimSuffix(p.Value, "/**"), "/*")
		if strings.ContainsAny(v, "*?[") {
			e.warnOnce(p.Range, "cache-path-glob", "CircleCI's save_cache saves the files and directories it is given and expands no wildcards: name the directory that holds these files", "cache path %q is saved literally on CircleCI", p.Value)
		}
		paths = append(paths, escapeParams(v))
	}
	restore = append(restore, targets.Map{{Key: "restore_cache", Value: targets.Map{{Key: "keys", Value: []any{key, prefix + "-"}}}}})
	save = append(save, targets.Map{{Key: "save_cache", Value: targets.Map{{Key: "key", Value: key}, {Key: "paths", Value: paths}}}})
	return restore, save
}

// artifacts hands the stage's files to the jobs after it through the workspace, and
// keeps them in the job's artifacts for download. A matrix's cells run at once, and
// CircleCI refuses a workspace that concurrent jobs wrote the same file to: each cell
// collects its files, at their paths, into a directory of its own
// (.pipec/artifacts/STAGE/ARTIFACT/CELL), and the jobs after it merge the cells'
// directories into the project (mergeCells), as GitHub merges a matrix's uploads.
func (e *emitter) artifacts(j *cjob) []any {
	if j.Role != compile.RoleMain || len(j.Produces) == 0 {
		return nil
	}
	var out, paths, stores []any
	for _, a := range j.Produces {
		if a.ExpireIn != nil {
			e.warnOnce(a.ExpireIn.Range, "artifact-retention", fmt.Sprintf("CircleCI keeps artifacts and workspaces for the organization's retention period (Plan > Usage Controls; at most %d days for artifacts, 15 for workspaces)", artifactMaxAge/86400), "artifact %q's expire_in is not applied on CircleCI", a.Name)
		}
		var globs []string
		var kept []any
		wild := false
		for _, p := range a.Paths {
			paths = append(paths, escapeParams(p.Value))
			globs = append(globs, posix.Glob(p.Value))
			if strings.ContainsAny(p.Value, "*?[") {
				wild = true
				continue
			}
			kept = append(kept, store(p.Value, a.Name+"/"+strings.TrimPrefix(p.Value, "./")))
		}
		var collect string
		if perCell(j) {
			dir := cellsDir(j.Job, a) + "/" + cellFile(j)
			if j.batch > 0 {
				dir = cellsDir(j.Job, a) + "/" + strconv.Itoa(j.batch)
			}
			collect = "dir=\"" + dir + "\"\n" + posix.CollectFiles(`"$dir"`, a.Name, globs)
		}
		if wild {
			// store_artifacts expands no wildcards: the files a glob matches are kept
			// from a directory that holds them at their paths, as GitHub uploads them.
			collect += posix.CollectFiles(keptDir(a), a.Name, globs)
			kept = []any{store(keptDir(a), a.Name)}
		}
		if collect != "" {
			out = append(out, run("pipec artifact "+a.Name, "set -eo pipefail\n"+collect))
		}
		stores = append(stores, kept...)
	}
	if len(paths) == 0 {
		return nil
	}
	if j.batch > 0 {
		// Its own directories only: a batch that attached the workspace holds earlier
		// batches' too, and two batches of a wave persisting them again would collide.
		var dirs []any
		for _, a := range j.Produces {
			dirs = append(dirs, cellsDir(j.Job, a)+"/"+strconv.Itoa(j.batch))
		}
		out = append(out, persist(dirs...))
	} else if perCell(j) {
		out = append(out, persist(".pipec/artifacts/"+j.Stage.Name))
	} else if p := oneCell(j, persist(paths...)); p != nil {
		out = append(out, p)
	}
	return append(out, stores...)
}

// store keeps path in the job's artifacts under destination.
func store(path, destination string) targets.Map {
	return targets.Map{{Key: "store_artifacts", Value: targets.Map{{Key: "path", Value: escapeParams(path)}, {Key: "destination", Value: escapeParams(destination)}}}}
}

// keptDir is the directory, outside what the job persists to the workspace, from which
// the files of an artifact with a glob are kept in the job's artifacts.
func keptDir(a *model.Artifact) string {
	return ".pipec/kept/" + a.Name
}

// perCell reports whether the job's cells hand their artifacts on each in a directory
// of its own: a matrix of more than one cell, and a rolling deploy's batches, in a
// directory named after the batch (batches of a wave run at once, and a file only an
// earlier batch wrote must reach the stages after it too).
func perCell(j *cjob) bool {
	return j.batch > 0 || j.Matrix != nil && len(j.Matrix.Cells()) > 1
}

// cellsDir is the workspace directory that holds one directory per cell of a matrix
// job's artifact.
func cellsDir(j *compile.Job, a *model.Artifact) string {
	return ".pipec/artifacts/" + j.Stage.Name + "/" + a.Name
}

// mergeCells copies every cell's files of the artifacts the job reads from matrix jobs
// into the project, at their paths, in the order the job consumes them; two cells'
// files at one path are last-one-wins, as on GitHub.
//
// A rolling deploy's batches are merged in batch order, so a later batch's file wins,
// and so are the outputs each batch kept in a directory of its own (outputsSteps): the
// stage's outputs are then where a single job would have left them, the last non-empty
// value written along the batches.
func (e *emitter) mergeCells(j *cjob) any {
	var b strings.Builder
	for _, u := range j.Consumes {
		from := e.byPlan[u.From]
		if len(from) == 0 || !perCell(from[0]) {
			continue
		}
		if from[0].batch > 0 {
			fmt.Fprintf(&b, "for n in %s; do d=%s/$n/; if [ -d \"$d\" ]; then cp -pR \"$d.\" .; fi; done\n", batchNumbers(from), cellsDir(u.From, u.Artifact))
			continue
		}
		fmt.Fprintf(&b, "for d in %s/*/; do cp -pR \"$d.\" .; done\n", cellsDir(u.From, u.Artifact))
	}
	name := "pipec artifacts"
	if b.Len() == 0 {
		name = "pipec outputs"
	}
	for _, stage := range e.outputStages(j) {
		from := e.byPlan[e.plan.Final(stage)]
		if len(from) == 0 || from[0].batch == 0 {
			continue
		}
		out := ".pipec/outputs/" + stage
		fmt.Fprintf(&b, "for n in %s; do d=%s/$n/; if [ -d \"$d\" ]; then mkdir -p %s && cp -pR \"$d.\" %s/; fi; done\n", batchNumbers(from), batchOutputsDir(stage), out, out)
	}
	if b.Len() == 0 {
		return nil
	}
	// A matrix whose cells all ended early persisted no directory.
	return run(name, "shopt -s nullglob\n"+b.String())
}

// batchNumbers lists a rolling deploy's batches, in order, for a shell loop.
func batchNumbers(batches []*cjob) string {
	var ns []string
	for _, b := range batches {
		ns = append(ns, strconv.Itoa(b.batch))
	}
	return strings.Join(ns, " ")
}

// batchOutputsDir holds one directory per batch of a rolling stage's outputs.
func batchOutputsDir(stage string) string { return ".pipec/batches/" + stage }

// outputStages are the stages whose outputs job j reads, in the order first read.
func (e *emitter) outputStages(j *cjob) []string {
	var out []string
	for _, r := range e.jobRefs(j) {
		if r.Root() == "stage" && !slices.Contains(out, r.Path[1]) {
			out = append(out, r.Path[1])
		}
	}
	return out
}

// oneCell makes a matrix job's workspace step run in its first cell only: CircleCI
// refuses a workspace that concurrent jobs wrote the same files to.
func oneCell(j *cjob, step targets.Map) any {
	if j.Matrix == nil {
		return step
	}
	g := newGrid(j.Matrix)
	if len(g.cells) > 0 {
		var conds []any
		for _, k := range g.keys {
			conds = append(conds, targets.Map{{Key: "equal", Value: []any{"<< parameters." + k + " >>", escapeParams(g.cells[0][k])}}})
		}
		return targets.Map{{Key: "when", Value: targets.Map{
			{Key: "condition", Value: targets.Map{{Key: "and", Value: conds}}},
			{Key: "steps", Value: []any{step}},
		}}}
	}
	return step
}

// runStep renders one step as a `run` step. Values CircleCI knows when it compiles the
// config go in `environment`; values from the shell's environment are assigned at the
// top of the command. A step in another shell, or one that may fail, runs from a file.
func (e *emitter) runStep(j *cjob, st *compile.Step, dj *compile.Job, onFail bool) targets.Map {
	var env targets.Keyed // one key per variable: Set on a Map scans every key
	var assigns []string
	var names []string
	assign := func(name, value string) {
		assigns = append(assigns, fmt.Sprintf(`%s="%s"`, name, value))
		names = append(names, name)
	}
	// A step variable replaces a pipeline or stage variable of the same name. Those that
	// read the shell come from $BASH_ENV, which bash reads after the step's environment:
	// a step variable of such a name is assigned in the command instead.
	exported := map[string]bool{}
	for _, v := range e.computed(j) {
		exported[v.Name] = true
	}
	stepEnv := st.Env
	if dj.Role == compile.RoleRollback {
		// The job's environment holds the failed job's deploy values.
		stepEnv = append(targets.DeployEnv(j.Env, st.Env), st.Env...)
	}
	for _, v := range stepEnv {
		if s, ok := e.compileTemplate(v.Value, j, dj); ok && !hasSecret(v.Value) && !exported[v.Name] {
			env.Set(v.Name, s)
		} else {
			assign(v.Name, e.shellTemplate(v.Value, j, dj))
		}
	}
	refs := targets.ScriptRefs(st.Run)
	for _, r := range refs {
		switch {
		case r.Root() == "matrix", r.Root() == "input", r.String() == "ci.run_number":
			// the job's environment has it under this name
		case r.Root() == "deploy":
			v, _ := e.compileValue(r, j, dj)
			env.Set(targets.RefVar(r), v)
		default:
			assign(targets.RefVar(r), e.shellValueFor(r, j, dj))
		}
	}
	var b strings.Builder
	if rt := j.Retries; rt != nil && rt.Value > 0 && st.Phase == compile.PhaseMain && len(dj.Outputs) > 0 {
		// max_auto_reruns reruns the command: a failed try's outputs are dropped first.
		b.WriteString(posix.OutputRerunMark(fmt.Sprint(slices.Index(dj.Steps, st))))
	}
	if e.vaultRead(st) {
		e.vaultCLI(j)
		b.WriteString(e.vaultLogin())
	}
	for _, a := range assigns {
		b.WriteString(a + "\n")
	}
	if e.vaultRead(st) {
		b.WriteString(posix.VaultForget)
	}
	if len(names) > 0 {
		b.WriteString("export " + strings.Join(names, " ") + "\n")
	}
	wd := ""
	if st.WorkingDirectory != nil {
		if s, ok := e.compileTemplate(*st.WorkingDirectory, j, dj); ok {
			wd = s
		} else {
			fmt.Fprintf(&b, "cd \"%s\"\n", e.shellTemplate(*st.WorkingDirectory, j, dj))
		}
	}
	shell := "bash"
	if st.Shell != nil {
		shell = st.Shell.Value
	}
	script := e.runScript(st, shell)
	cont := st.ContinueOnError != nil && st.ContinueOnError.Value
	if shell == "cmd" && j.Runner.OS() != model.RunnerWindows {
		detail, summary := targets.CmdRunner(j.Runner)
		e.errorf(st.Shell.Range, "unsupported-shell", detail, "%s", summary)
	}
	if shell == "bash" && !cont {
		b.WriteString(script)
	} else {
		if posix.FileExt(shell) == ".ps1" {
			script = targets.PowerShellFile(script)
		}
		b.WriteString(posix.RunFromFile("", posix.FileInterpreter(shell, j.Runner.OS() == model.RunnerWindows), shell, script, st.Name, cont))
	}
	r := targets.Map{{Key: "name", Value: st.Name}, {Key: "command", Value: escapeParams(b.String())}}
	// (runStep builds its map itself; run() escapes the others.)
	if env := env.Map(); len(env) > 0 {
		targets.Set(&r, "environment", env)
	}
	if wd != "" {
		targets.Set(&r, "working_directory", wd)
	}
	if t := st.Timeout; t != nil {
		e.warnOnce(t.Range, "step-timeout-no-output", "CircleCI has no wall-clock step timeout; pipec sets no_output_timeout, which stops the step when it prints nothing for that long", "step %q's timeout is a no-output timeout on CircleCI", st.Name)
		targets.Set(&r, "no_output_timeout", fmt.Sprintf("%dm", t.Minutes()))
	}
	// Only the stage's own steps are rerun, as on the other targets: a verify step that
	// passes on a rerun would let a failing deploy through, and switch steps run once.
	if rt := j.Retries; rt != nil && rt.Value > 0 && st.Phase == compile.PhaseMain {
		n := rt.Value
		if n > maxAutoReruns {
			e.warnOnce(rt.Range, "retries-capped", fmt.Sprintf("CircleCI reruns a step at most %d times; the steps are rerun %d times", maxAutoReruns, maxAutoReruns), "retries = %d is more than CircleCI allows", n)
			n = maxAutoReruns
		}
		targets.Set(&r, "max_auto_reruns", n)
	}
	if onFail {
		targets.Set(&r, "when", "on_fail")
	}
	return targets.Map{{Key: "run", Value: r}}
}

func hasSecret(t expr.Template) bool {
	for _, r := range t.Refs() {
		if r.Root() == "secret" {
			return true
		}
	}
	return false
}

// runScript renders the step's run text with references as variables.
func (e *emitter) runScript(st *compile.Step, shell string) string {
	return targets.Script(st.Run, shell)
}
