package azure

import (
	"strings"

	"github.com/pipec-dev/pipec/compile/model"
	"github.com/pipec-dev/pipec/targets"
)

// triggers renders `trigger`, `pr` and `schedules`. Azure runs a pipeline on every push
// and pull request when the file says nothing, so a spec without push or pull_request
// gets `trigger: none` or `pr: none`.
func (e *emitter) triggers(doc *targets.Map) {
	t := e.plan.Pipeline.On
	if t == nil {
		t = &model.Triggers{}
	}
	if pu := t.Push; pu != nil {
		var m targets.Map
		branches := e.filter(pu.Branches)
		switch {
		case len(pu.Branches) > 0:
			targets.Set(&m, "branches", branches)
		case len(pu.Tags) > 0:
			// Tags alone: branch pushes do not run the pipeline (as on GitHub).
			targets.Set(&m, "branches", targets.Map{{Key: "exclude", Value: []any{"*"}}})
		default:
			targets.Set(&m, "branches", targets.Map{{Key: "include", Value: []any{"*"}}})
		}
		switch {
		case len(pu.Tags) > 0:
			targets.Set(&m, "tags", e.filter(pu.Tags))
		case len(pu.Branches) == 0:
			// Every push, tags included, as on the other targets: Azure builds no tag
			// unless a tag filter says so.
			targets.Set(&m, "tags", targets.Map{{Key: "include", Value: []any{"*"}}})
		}
		if paths := e.pathFilter(pu.Paths, pu.PathsIgnore); len(paths) > 0 {
			targets.Set(&m, "paths", paths)
		}
		targets.Set(doc, "trigger", m)
	} else {
		targets.Set(doc, "trigger", "none")
	}
	if pr := t.PullRequest; pr != nil {
		var m targets.Map
		if len(pr.Branches) > 0 {
			targets.Set(&m, "branches", e.filter(pr.Branches))
		} else {
			targets.Set(&m, "branches", targets.Map{{Key: "include", Value: []any{"*"}}})
		}
		if paths := e.pathFilter(pr.Paths, pr.PathsIgnore); len(paths) > 0 {
			targets.Set(&m, "paths", paths)
		}
		targets.Set(doc, "pr", m)
	} else {
		targets.Set(doc, "pr", "none")
	}
	if len(t.Schedules) > 0 {
		var list []any
		for _, s := range t.Schedules {
			// always: Azure skips a scheduled run when nothing changed since the last one
			// unless told otherwise; the other platforms always run.
			list = append(list, targets.Map{
				{Key: "cron", Value: strings.Join(strings.Fields(s.Cron.Value), " ")},
				{Key: "displayName", Value: s.Name},
				{Key: "branches", Value: targets.Map{{Key: "include", Value: []any{e.defaultBranch()}}}},
				{Key: "always", Value: true},
			})
		}
		targets.Set(doc, "schedules", list)
	}
}

// defaultBranch is the branch schedules run on: the first plain branch of the push
// trigger, else main. The other platforms run schedules on the default branch, which
// Azure's schedules do not know about.
func (e *emitter) defaultBranch() string {
	if t := e.plan.Pipeline.On; t != nil && t.Push != nil {
		for _, b := range t.Push.Branches {
			if !strings.ContainsAny(b.Value, "*?[!") {
				return b.Value
			}
		}
	}
	return "main"
}

// filter renders branch or tag globs as include and exclude lists. Azure's filters take
// `*` across '/', so `**` becomes `*`. They have no [set] (Azure refuses '[' and ']' in a
// branch filter): a glob with one is an error.
func (e *emitter) filter(globs []model.String) targets.Map {
	var inc, exc []any
	for _, g := range e.ordered(globs) {
		if strings.ContainsAny(g.Value, "[]") {
			e.errorf(g.Range, "unsupported-glob", "Azure's branch and tag filters know * and ? only, and refuse '[' and ']'; list the names the set stands for (v1*, v2*, ...)", "glob %q cannot be written on Azure", g.Value)
		}
		v := strings.ReplaceAll(g.Value, "**", "*")
		if strings.HasPrefix(v, "!") {
			exc = append(exc, v[1:])
		} else {
			inc = append(inc, v)
		}
	}
	var m targets.Map
	if len(inc) > 0 {
		targets.Set(&m, "include", inc)
	} else if len(exc) > 0 {
		targets.Set(&m, "include", []any{"*"})
	}
	if len(exc) > 0 {
		targets.Set(&m, "exclude", exc)
	}
	return m
}

// ordered fits globs read in order (a ! glob removes the names matched before it, a
// later plain glob adds names back) to Azure's include and exclude lists, where an
// exclude wins over every include: a ! glob before any plain one removes nothing and is
// left out, and a plain glob after a ! one is a warning, since Azure cannot add back what
// the ! glob removed.
func (e *emitter) ordered(globs []model.String) []model.String {
	var out []model.String
	var neg *model.String
	for i, g := range globs {
		switch {
		case strings.HasPrefix(g.Value, "!"):
			if len(out) == 0 {
				continue
			}
			if neg == nil {
				neg = &globs[i]
			}
		case neg != nil:
			e.warnf(g.Range, "glob-order", "Azure applies every exclude after every include, so a name that "+neg.Value+" removed stays out although this pattern, listed after it, matches it: put the plain patterns first if that is meant", "pattern %q cannot add back names an earlier ! pattern removed on Azure", g.Value)
		}
		out = append(out, g)
	}
	return out
}

// pathFilter renders paths and paths_ignore: Azure has both, with * and ? only.
func (e *emitter) pathFilter(paths, ignore []model.String) targets.Map {
	for _, l := range [][]model.String{paths, ignore} {
		for _, g := range l {
			if strings.ContainsAny(g.Value, "[]") {
				e.errorf(g.Range, "unsupported-glob", "Azure's path filters know * and ? only, and refuse '[' and ']'; list the paths the set stands for", "glob %q cannot be written on Azure", g.Value)
			}
		}
	}
	var inc, exc []any
	for _, p := range e.ordered(paths) {
		if strings.HasPrefix(p.Value, "!") {
			exc = append(exc, e.pathGlob(p, p.Value[1:]))
		} else {
			inc = append(inc, e.pathGlob(p, p.Value))
		}
	}
	for _, p := range ignore {
		exc = append(exc, e.pathGlob(p, p.Value))
	}
	var m targets.Map
	if len(inc) > 0 {
		targets.Set(&m, "include", inc)
	}
	if len(exc) > 0 {
		targets.Set(&m, "exclude", exc)
	}
	return m
}

// pathRefused holds the characters Azure's pipeline schema refuses in a path filter (it
// checks paths with its branch-name pattern), though a file's path may hold them.
const pathRefused = " ~^:\\"

// pathGlob writes a path glob for Azure: each character its schema refuses becomes ?,
// which matches that character and any other one there, so the filter still takes the
// files the spec names (and the few that differ from them in that place only). A
// warning says so.
func (e *emitter) pathGlob(g model.String, v string) string {
	if !strings.ContainsAny(v, pathRefused) {
		return v
	}
	w := strings.Map(func(r rune) rune {
		if strings.ContainsRune(pathRefused, r) {
			return '?'
		}
		return r
	}, v)
	e.warnf(g.Range, "path-character", "Azure's pipeline schema refuses spaces and ~ ^ : \\ in path filters; pipec writes ? (any one character) in their place, so the filter also takes paths that differ from the spec's there only", "path %q is written %q on Azure", v, w)
	return w
}

// parameters renders the manual inputs as runtime parameters. Azure needs a value for
// every parameter in runs it starts itself (pushes, schedules), so every input gets a
// default, as on GitLab and CircleCI.
func (e *emitter) parameters() []any {
	t := e.plan.Pipeline.On
	if t == nil || t.Manual == nil {
		return nil
	}
	var out []any
	for _, in := range t.Manual.Inputs {
		if in.Required {
			e.warnf(in.NameRange, "input-required-unsupported", "Azure starts pipelines that no person started (pushes, schedules) with each input's default, so every input has one and none can be required: the default applies when no value is given", "input %q cannot be required on Azure", in.Name)
		}
		m := targets.Map{{Key: "name", Value: in.Name}}
		if in.Description != "" {
			targets.Set(&m, "displayName", escapeText(in.Description))
		}
		typ := in.Type.Value
		switch typ {
		case model.InputBoolean:
			targets.Set(&m, "type", "boolean")
		case model.InputNumber:
			targets.Set(&m, "type", "number")
		default:
			targets.Set(&m, "type", "string")
		}
		def := targets.InputDefault(in)
		if text, ok := def.(string); ok {
			def = escapeText(text)
		}
		targets.Set(&m, "default", def)
		if typ == model.InputChoice {
			var opts []any
			for _, o := range in.Options {
				opts = append(opts, escapeText(o.Value))
			}
			targets.Set(&m, "values", opts)
		}
		out = append(out, m)
	}
	return out
}
