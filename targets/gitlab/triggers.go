package gitlab

import (
	"github.com/pipec-dev/pipec/targets/posix"
	"strings"

	"github.com/pipec-dev/pipec/compile/model"
	"github.com/pipec-dev/pipec/targets"
)

// workflow renders the triggers as `workflow: rules:`. A pipeline is created only when a
// rule matches. When the spec has push and an unfiltered pull_request trigger, a push to a
// branch with an open merge request makes only the merge request pipeline, as GitLab
// recommends.
func (e *emitter) workflow() targets.Map {
	t := e.plan.Pipeline.On
	var rules []any
	rule := func(cond string, extra ...targets.Item) {
		r := targets.Map{{Key: "if", Value: cond}}
		rules = append(rules, append(r, extra...))
	}
	if pr := t.PullRequest; pr != nil {
		cond := `$CI_PIPELINE_SOURCE == "merge_request_event"`
		if re := refRegexp(pr.Branches); re != "" {
			cond += " && $CI_MERGE_REQUEST_TARGET_BRANCH_NAME =~ " + re
		}
		rule(cond, e.changes(pr.Paths, pr.PathsIgnore)...)
	}
	if pu := t.Push; pu != nil {
		// Only when every merge request gets a pipeline: CI_OPEN_MERGE_REQUESTS lists
		// requests to any target branch, and a filtered-out one would leave the push with
		// no pipeline at all.
		if pr := t.PullRequest; pr != nil && len(pr.Branches) == 0 && len(pr.Paths) == 0 && len(pr.PathsIgnore) == 0 {
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
			e.refRules(&rules, "CI_COMMIT_BRANCH", pu.Branches, changes)
			// Path filters do not apply to tags, as on GitHub: a tag has no diff to test.
			e.refRules(&rules, "CI_COMMIT_TAG", pu.Tags, nil)
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

// refRules adds the rules for one kind of ref: globs that start with ! exclude first,
// then one rule for the others.
func (e *emitter) refRules(rules *[]any, variable string, globs []model.String, changes []targets.Item) {
	var pos, neg []model.String
	for _, g := range globs {
		if strings.HasPrefix(g.Value, "!") {
			neg = append(neg, model.String{Value: g.Value[1:], Range: g.Range})
		} else {
			pos = append(pos, g)
		}
	}
	if len(pos) == 0 {
		return
	}
	if re := refRegexp(neg); re != "" {
		*rules = append(*rules, targets.Map{
			{Key: "if", Value: `$CI_PIPELINE_SOURCE == "push" && $` + variable + " =~ " + re},
			{Key: "when", Value: "never"},
		})
	}
	r := targets.Map{{Key: "if", Value: `$CI_PIPELINE_SOURCE == "push" && $` + variable + " =~ " + refRegexp(pos)}}
	*rules = append(*rules, append(r, changes...))
}

// refRegexp is one anchored regular expression matching any of the globs.
func refRegexp(globs []model.String) string {
	if len(globs) == 0 {
		return ""
	}
	var alts []string
	for _, g := range globs {
		alts = append(alts, posix.GlobRegexp(g.Value))
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
	if len(paths) == 0 {
		return nil
	}
	var ps []any
	for _, p := range paths {
		ps = append(ps, changeGlob(p.Value))
	}
	if len(ps) > 50 {
		e.errorf(paths[50].Range, "too-many-paths", "GitLab's rules:changes takes at most 50 patterns", "too many path filters for GitLab")
	}
	return []targets.Item{{Key: "changes", Value: ps}}
}

// changeGlob adapts a glob to GitLab's changes syntax, where a trailing ** matches only
// directories: "src/**" becomes "src/**/*".
func changeGlob(g string) string {
	if strings.HasSuffix(g, "/**") {
		return g + "/*"
	}
	return g
}
