package circleci

import (
	"strings"

	"github.com/pipec-dev/pipec/compile/expr"
	"github.com/pipec-dev/pipec/compile/model"
)

// workflowWhen renders the triggers as the workflow's `when`. CircleCI starts pipelines
// from the project's trigger settings, not from the file: the file can only decide,
// from pipeline values, whether the workflow runs in a pipeline that was started. What
// the file cannot hold (schedules, pull-request settings, path filters) is a warning
// naming what to configure.
func (e *emitter) workflowWhen() string {
	t := e.plan.Pipeline.On
	if t == nil {
		return ""
	}
	var clauses []string
	filtered := false
	if pu := t.Push; pu != nil {
		e.pathWarnings(pu.Paths, pu.PathsIgnore)
		if len(pu.Branches) == 0 && len(pu.Tags) == 0 {
			clauses = append(clauses, `pipeline.event.name == "push"`)
		} else {
			filtered = true
			if c := refClause("pipeline.git.branch", pu.Branches); c != "" {
				clauses = append(clauses, c)
			}
			if c := refClause("pipeline.git.tag", pu.Tags); c != "" {
				clauses = append(clauses, c)
			}
		}
	}
	if pr := t.PullRequest; pr != nil {
		e.pathWarnings(pr.Paths, pr.PathsIgnore)
		if len(pr.Branches) > 0 {
			e.warnf(pr.Branches[0].Range, "pull-request-branches-outside-file", "CircleCI starts pull-request pipelines from the project's trigger settings (GitHub App: \"PR opened\", \"Pushes to open non-draft PRs\"), which cannot filter by target branch: every pull request runs the workflow", "pull_request branches are not applied on CircleCI")
		}
		clauses = append(clauses, `pipeline.event.name == "pull_request"`)
	}
	for _, s := range t.Schedules {
		e.warnf(s.Cron.Range, "schedule-outside-file", "CircleCI keeps schedules outside the file: create a schedule trigger under Project Settings > Triggers with this cron (UTC) on the default branch; the workflow's `when` lets it run", "schedule %q must be created in CircleCI's project settings (cron %q)", s.Name, s.Cron.Value)
	}
	if len(t.Schedules) > 0 {
		clauses = append(clauses, `pipeline.event.name == "schedule"`)
	}
	if t.Manual != nil {
		clauses = append(clauses, `pipeline.event.name == "api"`)
	}
	if t.Push == nil && len(clauses) > 0 {
		// CircleCI's default trigger starts a pipeline for every push: without a push
		// trigger, only the declared events run the workflow.
		filtered = true
	}
	if !filtered {
		// Every pipeline CircleCI starts runs the workflow: the trigger settings decide.
		return ""
	}
	if len(clauses) == 1 {
		return clauses[0]
	}
	for i, c := range clauses {
		if strings.Contains(c, " and ") || strings.Contains(c, " or ") {
			clauses[i] = "(" + c + ")"
		}
	}
	return strings.Join(clauses, " or ")
}

// tagPipelines reports whether the spec runs for pushed tags: it names tags, or its push
// trigger has no filter at all (every push, as on GitHub).
func (e *emitter) tagPipelines() bool {
	t := e.plan.Pipeline.On
	if t == nil || t.Push == nil {
		return false
	}
	return len(t.Push.Tags) > 0 || len(t.Push.Branches) == 0
}

// refClause matches a branch or tag against globs, read in order as GitHub reads them: a
// ! glob removes the names the globs before it matched, and a later plain glob adds names
// back. A ! glob before any plain one removes nothing.
//
// The value is "" in pipelines of the other kind of ref (no tag on a branch push, no
// branch on a tag push), and a glob such as `*` or `**` matches "": the clause then also
// requires a name, or tags = ["*"] would run the workflow for every branch push.
func refClause(value string, globs []model.String) string {
	c := ""
	empty := false
	for _, g := range globs {
		if m, _ := expr.GlobMatch(g.Value, ""); m && !strings.HasPrefix(g.Value, "!") {
			empty = true
		}
		neg := strings.HasPrefix(g.Value, "!")
		switch {
		case neg && c == "":
			continue
		case neg:
			c = group(c, " or ") + " and not (" + globFilter(value, g.Value[1:]) + ")"
		case c == "":
			c = globFilter(value, g.Value)
		default:
			c = group(c, " and ") + " or " + globFilter(value, g.Value)
		}
	}
	if empty && c != "" {
		c = value + ` != "" and ` + group(c, " or ")
	}
	return c
}

// group parenthesises a clause that holds the operator other than the one it joins with;
// clauses of the same operator chain without parentheses.
func group(c, other string) string {
	if strings.Contains(c, other) {
		return "(" + c + ")"
	}
	return c
}

func (e *emitter) pathWarnings(paths, ignore []model.String) {
	if len(paths) > 0 {
		e.warnf(paths[0].Range, "paths-need-dynamic-config", "CircleCI filters by changed paths only with dynamic configuration (setup: true and the circleci/path-filtering orb), which pipec does not generate: the workflow also runs for changes elsewhere", "path filters are not applied on CircleCI")
	}
	if len(ignore) > 0 {
		e.warnf(ignore[0].Range, "paths-need-dynamic-config", "CircleCI filters by changed paths only with dynamic configuration (setup: true and the circleci/path-filtering orb), which pipec does not generate: the workflow also runs for changes only under these paths", "paths_ignore is not applied on CircleCI")
	}
}
