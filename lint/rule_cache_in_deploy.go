package lint

import (
	"strings"

	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/model"
)

// ruleCacheInDeploy is zizmor's cache-poisoning audit in pipec's terms. A cache is written
// by more runs than the one that restores it: on GitHub by any workflow run of the default
// branch, on GitLab and CircleCI by other branches' jobs with the same key. Whatever a
// poisoned entry holds then runs in the deployment, with its secrets and credentials, or
// ships in what it deploys. Build stages may keep their caches; the stage that deploys
// should start from what its needs hand it. A release, a stage that runs for tags only and
// publishes (npm publish, docker push, ...), deploys to a registry without an
// environment, and counts as a deployment.
var ruleCacheInDeploy = &Rule{
	ID:        "cache-in-deploy",
	Category:  Security,
	Severity:  diag.Warning,
	Summary:   "a deployment or release restores a cache",
	Rationale: "A cache is written by other runs than the one that restores it: on GitHub by every workflow run on the default branch, on GitLab and CircleCI by other branches' jobs with the same key. A poisoned entry (a tampered dependency, a planted binary) then runs with the deployment's secrets and credentials, or ships in what it deploys. A cache a native block restores counts too: GitHub's actions/cache and the setup actions' cache input (setup-go caches unless told not to), GitLab's cache, CircleCI's restore_cache, Azure's Cache task. A release counts as a deployment: a stage that runs for tags only (a condition such as ci.tag != \"\" or startswith(ci.ref, \"refs/tags/\"), or a pipeline pushed tags only) and publishes (npm, pnpm or yarn publish, twine upload, docker or podman push, gh release create or upload, cargo, poetry or uv publish, gem push, goreleaser, or a GitHub publishing action such as pypa/gh-action-pypi-publish) ships what a poisoned cache put in the build to everyone who installs it.",
	Fix:       "remove the cache from the deployment or release stage; build in an earlier stage (with its cache) and hand the result over as an artifact",
	check: func(p *Pass) {
		for _, s := range p.Pipeline.Stages {
			what, why := "deployment", ""
			if s.Environment == nil {
				if s.Cache == nil && len(nativeCaches(p, s)) == 0 {
					continue
				}
				c := releaseCommand(p, s)
				if c == "" {
					continue
				}
				what, why = "release", " (it runs for tags only and runs "+c+")"
			}
			if s.Cache != nil {
				p.Report(s.Cache.Range, "%s stage %q%s restores a cache; a run with less trust can write what it restores", what, s.Name, why)
			}
			for _, nv := range nativeCaches(p, s) {
				p.Report(nv.value.Range, "%s stage %q%s restores a cache in its native %q block; a run with less trust can write what it restores", what, s.Name, why, nv.target)
			}
		}
	},
}

// nativeCaches lists the values of a stage's native blocks that restore a cache on the
// selected targets: GitHub's steps using actions/cache (or its restore action) or a setup
// action with its cache input on, GitLab's cache key, CircleCI's restore_cache steps,
// Azure's Cache task.
func nativeCaches(p *Pass, s *model.Stage) []nativeValue {
	var out []nativeValue
	each := func(target string, fn func(st *model.Value) *model.Value) {
		if steps := nativeKey(p, s, target, "steps"); steps != nil && steps.Kind == model.KindList {
			for _, st := range steps.List {
				if v := fn(st); v != nil {
					out = append(out, nativeValue{v, target})
				}
			}
		}
	}
	each("github", githubCacheStep)
	if v := nativeKey(p, s, "gitlab", "cache"); v != nil {
		out = append(out, nativeValue{v, "gitlab"})
	}
	each("circleci", func(st *model.Value) *model.Value { return mapKey(st, "restore_cache") })
	each("azure", func(st *model.Value) *model.Value {
		if t := mapKey(st, "task"); t != nil && strings.HasPrefix(strings.ToLower(t.Text()), "cache@") {
			return t
		}
		return nil
	})
	return out
}

// githubCacheStep is the uses of a GitHub step that restores a cache, or nil.
func githubCacheStep(st *model.Value) *model.Value {
	uses := mapKey(st, "uses")
	if uses == nil || uses.Kind != model.KindString {
		return nil
	}
	name := actionName(uses.Str)
	switch {
	case name == "actions/cache" || name == "actions/cache/restore":
		return uses
	case strings.HasPrefix(name, "actions/setup-"):
		c := mapKey(mapKey(st, "with"), "cache")
		if c == nil && name == "actions/setup-go" || c != nil && !offText(c.Text()) {
			return uses
		}
	}
	return nil
}
