package lint

import (
	"slices"

	"github.com/pipec-dev/pipec/compile"
	"github.com/pipec-dev/pipec/compile/expr"
	"github.com/pipec-dev/pipec/compile/model"
)

// place says where a template or condition sits in the spec.
type place struct {
	stage *model.Stage // nil at pipeline level
	step  *model.Step  // set inside a step
	what  string       // "run", "env", "when", "image", ...
	env   *model.EnvVar
}

// stageSteps lists every step of a stage: its steps, then verify, switch and rollback.
func stageSteps(s *model.Stage) []*model.Step {
	out := append([]*model.Step{}, s.Steps...)
	for _, g := range []*model.StepGroup{s.Verify, s.Switch, s.Rollback} {
		if g != nil {
			out = append(out, g.Steps...)
		}
	}
	return out
}

// templates calls fn for every template of the spec, in source order.
func templates(p *model.Pipeline, fn func(t *expr.Template, at place)) {
	for _, v := range p.Env {
		fn(&v.Value, place{what: "env", env: v})
	}
	if d := p.Defaults; d != nil && d.Image != nil {
		fn(d.Image, place{what: "image"})
	}
	for _, s := range p.Stages {
		if s.Image != nil {
			fn(s.Image, place{stage: s, what: "image"})
		}
		for _, v := range s.Env {
			fn(&v.Value, place{stage: s, what: "env", env: v})
		}
		for _, sv := range s.Services {
			fn(&sv.Image, place{stage: s, what: "service image"})
			for _, v := range sv.Env {
				fn(&v.Value, place{stage: s, what: "service env", env: v})
			}
		}
		for _, st := range stageSteps(s) {
			fn(&st.Run, place{stage: s, step: st, what: "run"})
			for _, v := range st.Env {
				fn(&v.Value, place{stage: s, step: st, what: "env", env: v})
			}
			if st.WorkingDirectory != nil {
				fn(st.WorkingDirectory, place{stage: s, step: st, what: "working_directory"})
			}
		}
	}
}

// refs calls fn for every reference of the spec: in templates and in `when`.
func refs(p *model.Pipeline, fn func(r *expr.Ref, at place)) {
	templates(p, func(t *expr.Template, at place) {
		for _, r := range t.Refs() {
			fn(r, at)
		}
	})
	for _, s := range p.Stages {
		for _, r := range expr.Refs(s.When) {
			fn(r, place{stage: s, what: "when"})
		}
	}
}

// stageImages lists a stage's effective container images: its own or the defaults',
// and its services'.
func stageImages(p *model.Pipeline, s *model.Stage) []*expr.Template {
	var out []*expr.Template
	if img := jobImage(p, s); img != nil {
		out = append(out, img)
	}
	for _, sv := range s.Services {
		out = append(out, &sv.Image)
	}
	return out
}

// Where a stage's runs are judged (stageRuns): on the targets that read its condition,
// on GitHub, where a native "github" if replaces it, or on GitLab, where native "gitlab"
// rules replace it.
type view int

const (
	viewWhen view = iota
	viewGitHub
	viewGitLab
	viewAzure
	viewCircleCI
	views
)

// viewOf is the view a target's runs are judged in.
func viewOf(target string) view {
	switch target {
	case "github":
		return viewGitHub
	case "gitlab":
		return viewGitLab
	case "azure":
		return viewAzure
	case "circleci":
		return viewCircleCI
	}
	return viewWhen
}

// stageRuns lists the events in which any job of the stage may run in view v, computed
// once per Run for every stage. A job may run in a scenario unless its own condition
// (or its native if or rules, in their target's view), or that of a job it needs
// (directly or not: a job whose needs were skipped is skipped), is false there.
// Three-valued && is associative, so each job's value is its own condition's and'ed
// with those of its needs, in dependency order: linear in the plan, where evaluating each
// job's whole chain of conditions cost as much as the chain and repeated shared parts.
func stageRuns(pass *Pass, s *model.Stage, v view) []string {
	f := pass.facts
	if f == nil {
		f = &facts{}
		pass.facts = f
	}
	if f.runs[0] == nil {
		for k := range f.runs {
			f.runs[k] = map[*model.Stage][]string{}
		}
		for _, sc := range scenarios(pass.Pipeline) {
			gh, _ := githubJobValues(pass, sc)
			vals := [views]map[*compile.Job]tri{jobValues(pass.Plan, sc), gh, gitlabJobValues(pass, sc),
				narrowedJobValues(pass, sc, azureCondition), narrowedJobValues(pass, sc, circleciFilters)}
			for _, j := range pass.Plan.Jobs {
				if j.OnFailure {
					continue
				}
				for k, val := range vals {
					if val[j] != no && !slices.Contains(f.runs[k][j.Stage], sc.event) {
						f.runs[k][j.Stage] = append(f.runs[k][j.Stage], sc.event)
					}
				}
			}
		}
	}
	return f.runs[v][s]
}

// gitlabJobValues is whether each job may run in the scenario on GitLab, where a stage's
// native "gitlab" rules replace its condition (gitlabRules), and'ed with those of the
// jobs it needs, in dependency order as in jobValues.
func gitlabJobValues(pass *Pass, sc scenario) map[*compile.Job]tri {
	rules := map[*model.Stage][]gitlabRule{}
	for _, st := range pass.Pipeline.Stages {
		if r, ok := gitlabRules(pass, st); ok {
			rules[st] = r
		}
	}
	m := make(map[*compile.Job]tri, len(pass.Plan.Jobs))
	for _, j := range pass.Plan.Jobs { // dependency order: needs come first
		var t tri
		if r, ok := rules[j.Stage]; ok {
			t = no
			if gitlabMayRun(r, sc) {
				t = unknown
			}
		} else {
			t = sc.eval(j.When)
		}
		for _, n := range j.Needs {
			if v, ok := m[n]; ok {
				t = and(t, v)
			}
		}
		m[j] = t
	}
	return m
}

// narrowedJobValues is whether each job may run in the scenario on a target where a
// stage's native block adds a test of its own to the stage's condition (an Azure job's
// condition, a CircleCI workflow entry's filters): the job runs only where both hold,
// and'ed with the jobs it needs, in dependency order as in jobValues.
func narrowedJobValues(pass *Pass, sc scenario, native func(*Pass, *model.Stage) expr.Expr) map[*compile.Job]tri {
	extra := map[*model.Stage]tri{}
	for _, st := range pass.Pipeline.Stages {
		if x := native(pass, st); x != nil {
			extra[st] = sc.eval(x)
		}
	}
	m := make(map[*compile.Job]tri, len(pass.Plan.Jobs))
	for _, j := range pass.Plan.Jobs { // dependency order: needs come first
		t := sc.eval(j.When)
		if x, ok := extra[j.Stage]; ok {
			t = and(t, x)
		}
		for _, n := range j.Needs {
			if v, ok := m[n]; ok {
				t = and(t, v)
			}
		}
		m[j] = t
	}
	return m
}

// prRuns is how a stage may run for pull requests. when: by its own condition, on a
// selected target that reads it (any but GitHub, or GitHub where no native "github" if
// decides the run, and GitLab where no native "gitlab" rules replace it). native: on
// GitHub, by a native "github" if that decides the run, or on GitLab by native rules.
// github: on GitHub, by either.
type prRuns struct{ when, native, github bool }

func (r prRuns) any() bool { return r.when || r.native }

// stagePR is how a stage may run for pull requests, computed once per Run for every
// stage. On GitHub a native "github" if replaces the stage's condition, so a job's value
// there is its if's where the if decides it (githubIf) and its condition's elsewhere,
// and'ed with those of the jobs it needs there, in dependency order as in stageRuns.
// Without selected targets, the stage's condition decides.
func stagePR(pass *Pass, s *model.Stage) prRuns {
	f := pass.facts
	if f == nil {
		f = &facts{}
		pass.facts = f
	}
	if f.pr == nil {
		f.pr = map[*model.Stage]prRuns{}
		var sc *scenario
		for _, x := range scenarios(pass.Pipeline) {
			if x.event == "pull_request" {
				sc = &x
				break
			}
		}
		if sc == nil {
			return f.pr[s]
		}
		github, gitlab := slices.Contains(pass.Targets, "github"), slices.Contains(pass.Targets, "gitlab")
		others := len(pass.Targets) == 0
		for _, t := range pass.Targets {
			others = others || t != "github" && t != "gitlab"
		}
		own := jobValues(pass.Plan, *sc)
		var gh, gl map[*compile.Job]tri
		var decided map[*model.Stage]bool
		if github {
			gh, decided = githubJobValues(pass, *sc)
		}
		if gitlab {
			gl = gitlabJobValues(pass, *sc)
		}
		for _, j := range pass.Plan.Jobs {
			if j.OnFailure {
				continue
			}
			r := f.pr[j.Stage]
			if others && own[j] != no {
				r.when = true
			}
			// On GitLab native rules replace the condition.
			if _, ruled := gitlabRules(pass, j.Stage); gitlab && gl[j] != no {
				if ruled {
					r.native = true
				} else {
					r.when = true
				}
			}
			if github && gh[j] != no {
				r.github = true
				if decided[j.Stage] {
					r.native = true
				} else {
					r.when = true
				}
			}
			f.pr[j.Stage] = r
		}
	}
	return f.pr[s]
}

// githubJobValues is whether each job may run in the scenario on GitHub, where a native
// "github" if replaces the stage's condition: its if's value where the if decides it
// (githubIf), its condition's elsewhere, and'ed with those of the jobs it needs, in
// dependency order as in jobValues. decided holds the stages whose if decided.
func githubJobValues(pass *Pass, sc scenario) (map[*compile.Job]tri, map[*model.Stage]bool) {
	ifs := map[*model.Stage]expr.Expr{}
	for _, st := range pass.Pipeline.Stages {
		if x := githubIf(pass, st); x != nil {
			ifs[st] = x
		}
	}
	gh := make(map[*compile.Job]tri, len(pass.Plan.Jobs))
	decided := map[*model.Stage]bool{}
	for _, j := range pass.Plan.Jobs { // dependency order: needs come first
		t := unknown
		if x, ok := ifs[j.Stage]; ok {
			t = sc.eval(x)
		}
		if t == unknown {
			t = sc.eval(j.When)
		} else {
			decided[j.Stage] = true
		}
		for _, n := range j.Needs {
			if v, ok := gh[n]; ok {
				t = and(t, v)
			}
		}
		gh[j] = t
	}
	return gh, decided
}

// jobsOf lists the stage's jobs in the plan, in plan order.
func jobsOf(pass *Pass, s *model.Stage) []*compile.Job {
	f := pass.facts
	if f == nil {
		f = &facts{}
		pass.facts = f
	}
	if f.jobs == nil {
		f.jobs = map[*model.Stage][]*compile.Job{}
		for _, j := range pass.Plan.Jobs {
			f.jobs[j.Stage] = append(f.jobs[j.Stage], j)
		}
	}
	return f.jobs[s]
}

// referenced collects every reference path's first two segments ("secret.x", "input.y",
// "stage.a.outputs.k" as all four segments).
func referenced(p *Pass) map[string]bool {
	seen := map[string]bool{}
	refs(p.Pipeline, func(r *expr.Ref, _ place) {
		seen[r.String()] = true
		if len(r.Path) >= 2 {
			seen[r.Path[0]+"."+r.Path[1]] = true
		}
	})
	return seen
}

// environment finds an environment by name; nil if the pipeline declares none so named.
func environment(p *model.Pipeline, name string) *model.Environment {
	for _, e := range p.Environments {
		if e.Name == name {
			return e
		}
	}
	return nil
}

// jobValues is whether each job of the plan may run in the scenario: its own condition
// and'ed with those of the jobs it needs, in dependency order (three-valued && is
// associative), which is linear in the plan.
func jobValues(plan *compile.Plan, sc scenario) map[*compile.Job]tri {
	m := make(map[*compile.Job]tri, len(plan.Jobs))
	for _, j := range plan.Jobs { // dependency order: needs come first
		t := sc.eval(j.When)
		for _, n := range j.Needs {
			if v, ok := m[n]; ok {
				t = and(t, v)
			}
		}
		m[j] = t
	}
	return m
}

// pinnedJob reports whether the job runs only for ref names given literally in its
// condition or in that of a job it needs (directly or not), computed once per Run.
func pinnedJob(pass *Pass, j *compile.Job) bool {
	f := pass.facts
	if f == nil {
		f = &facts{}
		pass.facts = f
	}
	if f.pinned == nil {
		f.pinned = make(map[*compile.Job]bool, len(pass.Plan.Jobs))
		for _, j := range pass.Plan.Jobs { // dependency order: needs come first
			v := pins(j.When)
			for _, n := range j.Needs {
				v = v || f.pinned[n]
			}
			f.pinned[j] = v
		}
	}
	return f.pinned[j]
}

// jobImage is the image a stage's steps run in: its own, or the default image where
// containers run (Linux runners); nil for none.
func jobImage(p *model.Pipeline, s *model.Stage) *expr.Template {
	switch {
	case s.Image != nil:
		return s.Image
	case p.Defaults != nil && p.Defaults.Image != nil && (s.Runner == nil || s.Runner.Class == "" || s.Runner.Class == model.RunnerLinux || s.Runner.Class == model.RunnerLinuxARM64):
		return p.Defaults.Image
	}
	return nil
}
