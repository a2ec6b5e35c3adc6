package lint

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/rhysd/actionlint"

	"github.com/pipec-dev/pipec/compile"
	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/expr"
	"github.com/pipec-dev/pipec/compile/model"
	"github.com/pipec-dev/pipec/targets"
	"github.com/pipec-dev/pipec/targets/github"
)

var ruleActionlint = &Rule{
	ID:        "actionlint",
	Category:  Portability,
	Severity:  diag.Warning,
	Summary:   "actionlint reports a problem in the generated GitHub workflow",
	Rationale: "pipec runs actionlint (and shellcheck, when it is installed) on the workflow it generates, the way users check hand-written workflows. A finding there is usually a script problem in the spec (shellcheck) or a value GitHub will reject; it is reported at the stage and step it came from (or at the value of a native \"github\" block that wrote the line; a finding in the workflow's triggers at the cron, glob or manual input behind it), naming the text shellcheck points at with the spec's references (${ci.commit_sha}, not pipec's variable for it). shellcheck's quoting note (SC2086) is left out where quotes change nothing (a reference or a spec variable whose value is always one word: a commit SHA, a canary weight, a boolean or number input or a choice of one-word options, REGISTRY = \"ghcr.io\") and for branch, tag and ref names and string inputs, which untrusted-in-script judges knowing which runs an outsider can start.",
	Fix:       "read actionlint's message; fix the step's script or the value it names",
	beside:    true,
	check: func(p *Pass) {
		for _, e := range p.Emitted {
			if e.Target != "github" || e.YAML == nil {
				continue
			}
			findings, err := Actionlint(e.Path, e.YAML, selfHostedLabels(p.Plan))
			if err != nil {
				p.reportDetail(p.Pipeline.NameRange, err.Error(), "actionlint could not run")
				continue
			}
			lines := strings.Split(string(e.YAML), "\n")
			// The workflow is parsed again only when shellcheck reported something: the
			// parse costs as much as actionlint's own, and most runs have no such finding.
			var scripts map[[2]int]string
			byID := map[string]*compile.Job{}
			for _, j := range p.Plan.Jobs {
				byID[github.JobID(j.ID)] = j // the last of equal IDs, as a scan would find
			}
			for _, f := range findings {
				rng, job, step := mapToSpec(p.Plan, byID, lines, f.Line)
				msg := f.Message
				if f.Kind == "shellcheck" {
					if scripts == nil {
						scripts = runScripts(e.YAML)
					}
					var keep bool
					msg, keep = shellcheckFinding(p, f, scripts, job, step)
					if !keep {
						continue
					}
				}
				p.reportDetail(rng, "actionlint ["+f.Kind+"]", "%s", msg)
				if shellcheckNote.MatchString(f.Message) {
					// shellcheck's info and style notes stay notes.
					p.out[len(p.out)-1].Severity = diag.Info
				}
			}
		}
	},
}

// selfHostedLabels lists the custom runner labels the spec names, for actionlint.
func selfHostedLabels(plan *compile.Plan) []string {
	var out []string
	seen := map[string]bool{"self-hosted": true}
	add := func(labels []string) {
		for _, l := range labels {
			if !seen[l] {
				seen[l] = true
				out = append(out, l)
			}
		}
	}
	for _, j := range plan.Jobs {
		var ls []string
		for _, l := range j.Runner.Labels {
			ls = append(ls, l.Value)
		}
		add(ls)
	}
	return out
}

var (
	shellcheckNote = lazy(`\bSC\d+:(info|style):`)
	// A job id YAML 1.1 would read as another type (n, yes, on, null) is written quoted.
	jobKey  = lazy(`^  "?([A-Za-z_][A-Za-z0-9_-]*)"?:\s*$`)
	stepTop = lazy(`^      - `)
	stepNm  = lazy(`^      (- |  )name: (.*)$`)
)

// mapToSpec finds the spec range behind a line of the generated workflow: the step with
// the same name in the stage of the enclosing job, else the stage, else the pipeline; in
// the `on:` block, the trigger behind the line (onToSpec). It
// also returns the job and step it found (nil when it found none). byID finds a plan job
// by its GitHub job ID (one map for all findings: a scan of the jobs per finding made a
// large spec with many findings quadratic).
func mapToSpec(plan *compile.Plan, byID map[string]*compile.Job, lines []string, line int) (diag.Range, *compile.Job, *model.Step) {
	if line < 1 || line > len(lines) {
		return plan.Pipeline.NameRange, nil, nil
	}
	if at := topKeyAbove(lines, line); at >= 0 && lines[at] == `"on":` {
		return onToSpec(plan.Pipeline, lines, at, line), nil, nil
	}
	jobAt := -1
	var id string
	for i := line - 1; i >= 0; i-- {
		if m := jobKey.FindStringSubmatch(lines[i]); m != nil {
			jobAt, id = i, m[1]
			break
		}
		if lines[i] == "jobs:" {
			break
		}
	}
	if jobAt < 0 {
		return plan.Pipeline.NameRange, nil, nil
	}
	job := byID[id]
	if job == nil {
		return plan.Pipeline.NameRange, nil, nil
	}
	if v := nativeAt(job.Stage, lines, jobAt, line); v != nil {
		return v.Range, job, nil
	}
	// The step item that holds the line, and its name.
	for i := line - 1; i > jobAt; i-- {
		if !stepTop.MatchString(lines[i]) {
			continue
		}
		for k := i; k < len(lines) && (k == i || strings.HasPrefix(lines[k], "        ")); k++ {
			if m := stepNm.FindStringSubmatch(lines[k]); m != nil {
				name := strings.Trim(m[2], `"'`)
				for _, st := range stageSteps(job.Stage) {
					if st.Name == name {
						return st.NameRange, job, st
					}
				}
			}
		}
		break
	}
	return job.Stage.NameRange, job, nil
}

// topKeyAbove is the index of the top-level key whose block holds the line (1-based), or
// -1.
func topKeyAbove(lines []string, line int) int {
	for i := line - 1; i >= 0; i-- {
		if l := lines[i]; l != "" && l[0] != ' ' && l[0] != '#' {
			return i
		}
	}
	return -1
}

// onToSpec finds the spec range behind a line of the workflow's `on:` block (at onAt),
// which pipec writes from the spec's triggers, key by key and item by item in the spec's
// order: a schedule's cron, a filter's glob, a manual input (its default or option), else
// the event's block, else the `on` block. A finding there (a schedule GitHub runs less
// often than it says, a glob it reads otherwise) is about that part of the spec, not the
// pipeline's name.
func onToSpec(p *model.Pipeline, lines []string, onAt, line int) diag.Range {
	t := p.On
	if t == nil {
		return p.NameRange
	}
	event, eventAt := keyAbove(lines, onAt, line, 2)
	key, keyAt := keyAbove(lines, eventAt, line, 4)
	switch event {
	case "push", "pull_request":
		var rng diag.Range
		var lists map[string][]model.String
		if event == "push" && t.Push != nil {
			rng = t.Push.Range
			lists = filterLists(t.Push.Branches, t.Push.Tags, t.Push.Paths, t.Push.PathsIgnore)
		} else if event == "pull_request" && t.PullRequest != nil {
			rng = t.PullRequest.Range
			lists = filterLists(t.PullRequest.Branches, nil, t.PullRequest.Paths, t.PullRequest.PathsIgnore)
		} else {
			return t.Range
		}
		if g, ok := itemAt(lists[key], lines, keyAt, line, 6); ok {
			return g.Range
		}
		return rng
	case "schedule":
		if k := itemIndex(lines, eventAt, line, 4); k >= 0 && k < len(t.Schedules) {
			return t.Schedules[k].Cron.Range
		}
	case "workflow_dispatch":
		if t.Manual == nil {
			return t.Range
		}
		name, nameAt := keyAbove(lines, keyAt, line, 6)
		for _, in := range t.Manual.Inputs {
			if in.Name != name {
				continue
			}
			switch field, fieldAt := keyAbove(lines, nameAt, line, 8); {
			case field == "default" && in.Default != nil:
				return in.Default.Range
			case field == "options":
				if o, ok := itemAt(in.Options, lines, fieldAt, line, 10); ok {
					return o.Range
				}
			}
			return in.NameRange
		}
		return t.Manual.Range
	}
	return t.Range
}

// filterLists names the globs behind each filter key GitHub's output has: paths and
// paths_ignore together are one `paths` list, the ignored globs negated last.
func filterLists(branches, tags, paths, ignore []model.String) map[string][]model.String {
	m := map[string][]model.String{"branches": branches, "tags": tags}
	if len(paths) > 0 {
		m["paths"] = append(slices.Clip(paths), ignore...)
	} else {
		m["paths-ignore"] = ignore
	}
	return m
}

// keyAbove finds the key written at indent spaces that holds the line (1-based), searching
// up to the line at index from: its name and index, or "" and from.
func keyAbove(lines []string, from, line, indent int) (string, int) {
	if from < 0 {
		return "", from
	}
	for i := line - 1; i > from; i-- {
		l := lines[i]
		n := len(l) - len(strings.TrimLeft(l, " "))
		if n < indent && strings.TrimSpace(l) != "" {
			break
		}
		if n == indent && !strings.HasPrefix(l[n:], "- ") {
			if k, _, ok := strings.Cut(l[n:], ":"); ok {
				return strings.Trim(k, `"'`), i
			}
		}
	}
	return "", from
}

// itemIndex counts the list items written at indent spaces from the line after the one at
// index from up to the line (1-based): the index of the item holding the line, or -1.
func itemIndex(lines []string, from, line, indent int) int {
	k := -1
	for i := from + 1; i >= 0 && i < line && i < len(lines); i++ {
		l := lines[i]
		if len(l) > indent && strings.HasPrefix(l[indent:], "- ") && strings.TrimLeft(l[:indent], " ") == "" {
			k++
		}
	}
	return k
}

// itemAt is the element of list behind the item holding the line.
func itemAt(list []model.String, lines []string, from, line, indent int) (model.String, bool) {
	if k := itemIndex(lines, from, line, indent); k >= 0 && k < len(list) {
		return list[k], true
	}
	return model.String{}, false
}

var (
	jobField  = lazy(`^    ([A-Za-z0-9_-]+):`)
	fieldKey  = lazy(`^      ([A-Za-z0-9_.-]+):`)
	fieldItem = lazy(`^      - `)
)

// nativeAt finds the value of the stage's native "github" block that wrote a line of the
// job at jobAt: the job key above the line, when the block names it, and in that key's
// mapping the key the block names, or in its list the item. A finding there is the native
// block's, not the stage's. nil when pipec wrote the line.
func nativeAt(s *model.Stage, lines []string, jobAt, line int) *model.Value {
	var v *model.Value
	var at int
	for i := line - 1; i > jobAt; i-- {
		if m := jobField.FindStringSubmatch(lines[i]); m != nil {
			for _, n := range s.Natives {
				if n.Target == "github" {
					if x := mapKey(n.Body, m[1]); x != nil {
						v, at = x, i // a later block wins, as the target merges them
					}
				}
			}
			break
		}
	}
	if v == nil {
		return nil
	}
	switch v.Kind {
	case model.KindMap:
		for i := line - 1; i > at; i-- {
			if m := fieldKey.FindStringSubmatch(lines[i]); m != nil {
				return mapKey(v, m[1]) // nil for a key pipec wrote beside the block's
			}
		}
		return v
	case model.KindList:
		k := -1
		for i := at + 1; i < line; i++ {
			if fieldItem.MatchString(lines[i]) {
				k++
			}
		}
		if k >= 0 && k < len(v.List) {
			return v.List[k]
		}
	}
	return v
}

// shellcheckAt parses actionlint's wrapping of a shellcheck finding: the code, the level,
// and the line and column in the script.
var shellcheckAt = lazy(`^shellcheck reported issue in this script: SC(\d+):(\w+):(\d+):(\d+): (.*)$`)

// runScripts maps the position of each `run:` key of a workflow to its script: actionlint
// reports a shellcheck finding at that key, with a line and column inside the script.
func runScripts(src []byte) map[[2]int]string {
	out := map[[2]int]string{}
	wf, _ := actionlint.Parse(src)
	if wf == nil {
		return out
	}
	for _, j := range wf.Jobs {
		if j == nil {
			continue
		}
		for _, st := range j.Steps {
			if st == nil {
				continue
			}
			if run, ok := st.Exec.(*actionlint.ExecRun); ok && run.Run != nil && run.RunPos != nil {
				out[[2]int{run.RunPos.Line, run.RunPos.Col}] = run.Run.Value
			}
		}
	}
	return out
}

// shellcheckFinding rewrites a shellcheck finding in the spec's terms: the text it points
// at, with pipec's ${PIPEC_*} variables written back as the spec's references, instead of a
// line and column of the generated script. keep is false for a quoting note (SC2086) on a
// reference that untrusted-in-script judges (branch, tag and ref names, string inputs: it
// knows when the spec pins them) or whose value is always one word (a commit SHA, a run
// number, a canary weight, a matrix value without spaces), as is a spec env variable whose
// value is such a word (REGISTRY = "ghcr.io"): a note there says nothing.
func shellcheckFinding(p *Pass, f Finding, scripts map[[2]int]string, job *compile.Job, step *model.Step) (msg string, keep bool) {
	m := shellcheckAt.FindStringSubmatch(f.Message)
	script, found := scripts[[2]int{f.Line, f.Column}]
	if m == nil || !found {
		return f.Message, true
	}
	line, _ := strconv.Atoi(m[3])
	col, _ := strconv.Atoi(m[4])
	at := scriptText(script, line, col)
	if at == "" {
		return f.Message, true
	}
	var refs []*expr.Ref
	if step != nil {
		refs = step.Run.Refs()
	}
	// A reference in single quotes is reference-in-single-quotes' to report, in the spec's
	// words.
	if m[1] == "2016" && specText(at, refs) != at {
		return "", false
	}
	if m[1] == "2086" && job != nil {
		if r := pipecRef(at, refs); r != nil && (untrusted(p, r) || oneWord(p.Pipeline, job, r)) {
			return "", false
		}
		if v := specEnv(p.Pipeline, job, step, at); v != nil && v.Value.IsLiteral() && word(v.Value.Literal()) {
			return "", false
		}
		// A variable that carries a branch name or an input (from the env or the script)
		// is untrusted-in-script's.
		if name, _ := shellVarAt(at, 0); strings.HasPrefix(at, "$") && name != "" && step != nil {
			carriers := untrustedVars(p, job.Stage, step)
			scriptCarriers(p, job.Stage, &step.Run, carriers)
			if _, ok := carriers[name]; ok {
				return "", false
			}
		}
	}
	return fmt.Sprintf("shellcheck SC%s (%s) at %s: %s", m[1], m[2], shorten(specText(at, refs)), m[5]), true
}

// scriptText returns the shell word that starts at line and column (1-based; shellcheck
// counts characters, not bytes, and a tab as reaching the next multiple of 8) of a
// script: a parameter expansion ($NAME, ${...}) or a single-quoted string when one starts
// there, else the text up to the next blank.
func scriptText(script string, line, col int) string {
	ls := strings.Split(script, "\n")
	if line < 1 || line > len(ls) {
		return ""
	}
	l := ls[line-1]
	i, c := 0, 1
	for i < len(l) && c < col {
		r, size := utf8.DecodeRuneInString(l[i:])
		if r == '\t' {
			c += 8 - (c-1)%8
		} else {
			c++
		}
		i += size
	}
	if c != col || i >= len(l) {
		return ""
	}
	rest := l[i:]
	if m := expansion().FindString(rest); m != "" {
		return m
	}
	if strings.HasPrefix(rest, "'") {
		if j := strings.IndexByte(rest[1:], '\''); j >= 0 {
			return rest[:j+2]
		}
		return rest
	}
	if j := strings.IndexAny(rest, " \t"); j >= 0 {
		rest = rest[:j]
	}
	return rest
}

// shorten keeps a quoted piece of script short enough for a one-line message: 40
// characters, never cutting one in two (the message must stay valid UTF-8).
func shorten(s string) string {
	if utf8.RuneCountInString(s) <= 40 {
		return s
	}
	n := 0
	for i := range s {
		if n == 40 {
			return s[:i] + "..."
		}
		n++
	}
	return s
}

var expansion = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\$([A-Za-z_][A-Za-z0-9_]*|\{[^{}]*\})`) })

// pipecRef finds the spec reference a ${PIPEC_*} expansion reads, or nil.
func pipecRef(at string, refs []*expr.Ref) *expr.Ref {
	name := strings.Trim(strings.TrimPrefix(at, "$"), "{}")
	for _, r := range refs {
		if targets.RefVar(r) == name {
			return r
		}
	}
	return nil
}

// specText writes pipec's script variables back as the spec's references.
func specText(at string, refs []*expr.Ref) string {
	for _, r := range refs {
		v := targets.RefVar(r)
		at = strings.ReplaceAll(at, "${"+v+"}", "${"+r.String()+"}")
	}
	return at
}

// oneWord reports a reference whose value is always one non-empty word without glob
// characters, which quoting cannot change: the commit, run and deploy values pipec
// defines, an input whose type makes it one (wordInput), and a matrix axis or
// environment value the spec lists so.
func oneWord(p *model.Pipeline, job *compile.Job, r *expr.Ref) bool {
	switch r.String() {
	case "ci.commit_sha", "ci.short_sha", "ci.run_id", "ci.run_number", "ci.event",
		"deploy.weight", "deploy.batch", "deploy.slot":
		return true
	case "deploy.environment", "deploy.url":
		e := job.Environment
		if e == nil {
			return false
		}
		if r.String() == "deploy.environment" {
			return word(e.Name)
		}
		return e.URL != nil && word(e.URL.Value)
	}
	if r.Root() == "input" && len(r.Path) == 2 {
		return wordInput(p, r.Path[1])
	}
	if r.Root() == "matrix" && len(r.Path) == 2 && job.Matrix != nil {
		for _, c := range job.Matrix.Cells() {
			if v, ok := c.Get(r.Path[1]); !ok || !word(v) {
				return false
			}
		}
		return true
	}
	return false
}

// wordInput reports a manual input whose value is always one word: a boolean, a number
// (every platform checks that it is one), or a choice of options that are each a word
// (every platform refuses a value that is not one of them).
func wordInput(p *model.Pipeline, name string) bool {
	if p.On == nil || p.On.Manual == nil {
		return false
	}
	for _, in := range p.On.Manual.Inputs {
		if in.Name != name {
			continue
		}
		switch in.Type.Value {
		case model.InputBoolean, model.InputNumber:
			return true
		case model.InputChoice:
			for _, o := range in.Options {
				if !word(o.Value) {
					return false
				}
			}
			return len(in.Options) > 0
		}
	}
	return false
}

// specEnv finds the spec's env entry that a $NAME or ${NAME} expansion reads: the step's,
// else the stage's, else the pipeline's. Nil for any other expansion.
func specEnv(p *model.Pipeline, job *compile.Job, step *model.Step, at string) *model.EnvVar {
	name := strings.TrimPrefix(at, "$")
	if strings.HasPrefix(name, "{") {
		name = strings.TrimSuffix(strings.TrimPrefix(name, "{"), "}")
	}
	var envs [][]*model.EnvVar
	if step != nil {
		envs = append(envs, step.Env)
	}
	envs = append(envs, job.Env, p.Env)
	for _, env := range envs {
		for _, v := range env {
			if v.Name == name {
				return v
			}
		}
	}
	return nil
}

// word reports a non-empty value the shell neither splits nor globs.
func word(s string) bool { return s != "" && !strings.ContainsAny(s, " \t\n*?[") }
