package gitlab

import (
	"github.com/pipec-dev/pipec/compile/expr"
	"strings"

	"github.com/pipec-dev/pipec/compile/model"
	"github.com/pipec-dev/pipec/targets"
)

// workflow renders the triggers as `workflow: rules:`. A pipeline is created only when a
// rule matches. When the spec has push and an unfiltered pull_request trigger, a push to a
// branch with an open merge request makes only the merge request pipeline, as GitLab
// recommends, unless a job tells the two apart (eventSensitive).
func (e *emitter) workflow() targets.Map {
	t := e.plan.Pipeline.On
	var rules []any
	rule := func(cond string, extra ...targets.Item) {
		r := targets.Map{{Key: "if", Value: cond}}
		rules = append(rules, append(r, extra...))
	}
	if pr := t.PullRequest; pr != nil {
		const mr = `$CI_PIPELINE_SOURCE == "merge_request_event"`
		changes := e.changes(pr.Paths, pr.PathsIgnore)
		if len(pr.Branches) == 0 {
			rule(mr, changes...)
		} else {
			refRules(&rules, mr, "CI_MERGE_REQUEST_TARGET_BRANCH_NAME", pr.Branches, changes)
		}
	}
	if pu := t.Push; pu != nil {
		// Only when every merge request gets a pipeline: CI_OPEN_MERGE_REQUESTS lists
		// requests to any target branch, and a filtered-out one would leave the push with
		// no pipeline at all.
		if pr := t.PullRequest; pr != nil && len(pr.Branches) == 0 && len(pr.Paths) == 0 && len(pr.PathsIgnore) == 0 && !e.eventSensitive() {
			rules = append(rules, targets.Map{
				{Key: "if", Value: `$CI_PIPELINE_SOURCE == "push" && $CI_COMMIT_BRANCH && $CI_OPEN_MERGE_REQUESTS`},
				{Key: "when", Value: "never"},
			})
		}
		changes := e.changes(pu.Paths, pu.PathsIgnore)
		switch {
		case len(pu.Branches) == 0 && len(pu.Tags) == 0:
			rule(`$CI_PIPELINE_SOURCE == "push"`, changes...)
		default:
			const push = `$CI_PIPELINE_SOURCE == "push"`
			refRules(&rules, push, "CI_COMMIT_BRANCH", pu.Branches, changes)
			// Path filters do not apply to tags, as on GitHub: a tag has no diff to test.
			refRules(&rules, push, "CI_COMMIT_TAG", pu.Tags, nil)
		}
	}
	for _, s := range t.Schedules {
		e.warnf(s.Cron.Range, "schedule-outside-file", "GitLab keeps schedules outside the file: create one under Build > Pipeline schedules with this cron (UTC) and the default branch; the workflow rule below lets it run", "schedule %q must be created in GitLab's settings (cron %q)", s.Name, s.Cron.Value)
	}
	if len(t.Schedules) > 0 {
		rule(`$CI_PIPELINE_SOURCE == "schedule"`)
	}
	if t.Manual != nil {
		rule(`$CI_PIPELINE_SOURCE == "web" || $CI_PIPELINE_SOURCE == "api"`)
	}
	return targets.Map{{Key: "rules", Value: rules}}
}

// eventSensitive reports whether a job's condition reads a value that differs between a
// push pipeline and the merge request pipeline of the same commit: ci.event, ci.ref (an
// environment's branch rule tests it) or ci.pr_number. The merge request pipeline alone
// would then leave out what the push should have run (a stage that runs on pushes, a
// deployment from the branch), as GitHub, which runs both, does not: both pipelines run.
func (e *emitter) eventSensitive() bool {
	for _, j := range e.plan.Jobs {
		for _, r := range expr.Refs(j.When) {
			if r.Root() == "ci" && len(r.Path) > 1 {
				switch r.Path[1] {
				case "event", "ref", "pr_number":
					return true
				}
			}
		}
	}
	return false
}

// refRules adds the rules for one kind of ref. The globs are read in order, as GitHub
// reads them: a name is in when the last glob that matches it is a plain one, out when it
// is a ! one (a ! glob removes names listed before it; a later plain glob adds them
// back). GitLab takes the first rule that matches, so the runs of plain and of ! globs
// become rules from the last run to the first: a ! run is a `when: never` rule. A ! run
// before any plain glob removes nothing and is left out.
//
// GitLab matches an unset variable as "": a run whose pattern matches "" (`*`, `**`)
// also tests that the variable is set, or a tag filter `*` would let every branch push
// through (CI_COMMIT_TAG is unset there) and a branch filter `**` every tag push.
func refRules(rules *[]any, source, variable string, globs []model.String, changes []targets.Item) {
	type run struct {
		neg   bool
		globs []model.String
	}
	var runs []run
	for _, g := range globs {
		neg := strings.HasPrefix(g.Value, "!")
		if neg {
			if len(runs) == 0 {
				continue
			}
			g = model.String{Value: g.Value[1:], Range: g.Range}
		}
		if len(runs) == 0 || runs[len(runs)-1].neg != neg {
			runs = append(runs, run{neg: neg})
		}
		runs[len(runs)-1].globs = append(runs[len(runs)-1].globs, g)
	}
	for i := len(runs) - 1; i >= 0; i-- {
		test := "$" + variable + " =~ " + refRegexp(runs[i].globs)
		if matchesEmpty(runs[i].globs) {
			test = "$" + variable + " != null && " + test
		}
		r := targets.Map{{Key: "if", Value: source + " && " + test}}
		if runs[i].neg {
			r = append(r, targets.Item{Key: "when", Value: "never"})
		} else {
			r = append(r, changes...)
		}
		*rules = append(*rules, r)
	}
}

// matchesEmpty reports whether one of the globs matches the empty name.
func matchesEmpty(globs []model.String) bool {
	for _, g := range globs {
		if m, _ := expr.GlobMatch(g.Value, ""); m {
			return true
		}
	}
	return false
}

// refRegexp is one anchored regular expression matching any of the globs.
func refRegexp(globs []model.String) string {
	if len(globs) == 0 {
		return ""
	}
	var alts []string
	for _, g := range globs {
		alts = append(alts, expr.GlobRegexp(g.Value))
	}
	re := strings.Join(alts, "|")
	if len(alts) > 1 {
		re = "(" + re + ")"
	}
	return "/^" + strings.ReplaceAll(re, "/", `\/`) + "$/"
}

// changes renders path filters as `changes:`. GitLab has no exclusion: paths_ignore is
// not applied (the pipeline runs on those changes too), and pipec says so.
func (e *emitter) changes(paths, ignore []model.String) []targets.Item {
	if len(ignore) > 0 {
		e.warnf(ignore[0].Range, "paths-ignore-unsupported", "GitLab's rules:changes cannot exclude paths; the pipeline also runs for changes only under these paths", "paths_ignore is not applied on GitLab")
	}
	var ps []any
	var kept []model.String
	for i, p := range paths {
		if strings.HasPrefix(p.Value, "!") {
			// A ! glob first in the list removes nothing (GitHub reads the globs in
			// order); a later one has no GitLab form.
			if i > 0 {
				e.warnf(p.Range, "paths-ignore-unsupported", "GitLab's rules:changes cannot exclude paths (it would read the ! as part of a file name); the pipeline also runs for changes only under this path", "negated path %q is not applied on GitLab", p.Value)
			}
			continue
		}
		ps = append(ps, changeGlob(p.Value))
		kept = append(kept, p)
	}
	if len(ps) == 0 {
		return nil
	}
	if len(ps) > 50 {
		e.errorf(kept[50].Range, "too-many-paths", "GitLab's rules:changes takes at most 50 patterns", "too many path filters for GitLab")
	}
	return []targets.Item{{Key: "changes", Value: ps}}
}

// changeGlob adapts a glob to GitLab's changes syntax, Ruby's File.fnmatch with
// FNM_PATHNAME, where ** crosses directories only as a whole segment followed by '/' and
// is otherwise the same as *: "src/**" becomes "src/**/*", "**" becomes "**/*" and
// "**.md" becomes "**/*.md", so each still matches at any depth as on GitHub. GitLab
// also passes FNM_EXTGLOB, which reads "{a,b}" as alternatives and "{x}" as x; braces
// are characters in pipec's globs, as in GitHub's and Azure's filters (a template
// directory "{{cookiecutter.slug}}"), so they are escaped.
func changeGlob(g string) string {
	var b strings.Builder
	for i := 0; i < len(g); i++ {
		if g[i] == '*' && i+1 < len(g) && g[i+1] == '*' {
			atStart := i == 0 || g[i-1] == '/'
			i++
			for i+1 < len(g) && g[i+1] == '*' {
				i++
			}
			b.WriteString("**")
			if atStart && (i+1 == len(g) || g[i+1] != '/') {
				b.WriteString("/*")
			}
			continue
		}
		if g[i] == '{' || g[i] == '}' {
			b.WriteByte('\\')
		}
		b.WriteByte(g[i])
	}
	return b.String()
}
