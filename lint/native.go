package lint

import (
	"slices"
	"strings"

	"github.com/pipec-dev/pipec/compile/model"
)

// nativeKey is the value of key at the top of a stage's native block for target, or nil.
// A native block reaches only its own target's YAML, so it counts only when that target
// is selected.
func nativeKey(p *Pass, s *model.Stage, target, key string) *model.Value {
	if !slices.Contains(p.Targets, target) {
		return nil
	}
	var out *model.Value
	for _, n := range s.Natives {
		if n.Target == target {
			if v := mapKey(n.Body, key); v != nil {
				out = v // a later block wins, as the target merges them
			}
		}
	}
	return out
}

// mapKey is the value of key in a map value, or nil.
func mapKey(v *model.Value, key string) *model.Value {
	if v == nil || v.Kind != model.KindMap {
		return nil
	}
	for _, e := range v.Map {
		if e.Key == key {
			return e.Value
		}
	}
	return nil
}

// scalars lists a value's strings: the value itself, or a list's items.
func scalars(v *model.Value) []string {
	if v == nil {
		return nil
	}
	if v.Kind == model.KindList {
		var out []string
		for _, x := range v.List {
			if x.Kind != model.KindList && x.Kind != model.KindMap {
				out = append(out, x.Text())
			}
		}
		return out
	}
	if v.Kind == model.KindMap {
		return nil
	}
	return []string{v.Text()}
}

// nativeSelfHosted finds the key of a stage's native blocks that sends its job to a
// self-hosted runner on one of the selected targets: GitHub's runs-on with the
// self-hosted label, GitLab tags other than GitLab.com's hosted runners' (saas-...),
// a CircleCI resource class of a runner (namespace/name), an Azure pool other than
// Microsoft's. It returns the key's value and its target, or nil.
func nativeSelfHosted(p *Pass, s *model.Stage) (*model.Value, string) {
	if v := nativeKey(p, s, "github", "runs-on"); v != nil {
		labels := v
		if v.Kind == model.KindMap {
			labels = mapKey(v, "labels")
		}
		if slices.Contains(scalars(labels), "self-hosted") {
			return v, "github"
		}
	}
	if v := nativeKey(p, s, "gitlab", "tags"); v != nil {
		for _, t := range scalars(v) {
			if !strings.HasPrefix(t, "saas-") {
				return v, "gitlab"
			}
		}
	}
	if v := nativeKey(p, s, "circleci", "resource_class"); v != nil && strings.Contains(v.Text(), "/") {
		return v, "circleci"
	}
	if v := nativeKey(p, s, "azure", "pool"); v != nil {
		name := v
		if v.Kind == model.KindMap {
			name = mapKey(v, "name")
		}
		if name != nil && name.Kind == model.KindString && name.Str != "" && name.Str != "Azure Pipelines" {
			return v, "azure"
		}
	}
	return nil, ""
}

// nativeImages lists the container images a stage's native blocks name for the selected
// targets, as the values that hold them: GitHub's container and services, GitLab's
// image and services, CircleCI's docker, Azure's container.
func nativeImages(p *Pass, s *model.Stage) []nativeValue {
	var out []nativeValue
	add := func(target string, v *model.Value, key string) {
		if v != nil && v.Kind == model.KindMap {
			v = mapKey(v, key)
		}
		if v != nil && v.Kind == model.KindString {
			out = append(out, nativeValue{v, target})
		}
	}
	each := func(v *model.Value, fn func(*model.Value)) {
		switch {
		case v == nil:
		case v.Kind == model.KindList:
			for _, x := range v.List {
				fn(x)
			}
		case v.Kind == model.KindMap:
			for _, e := range v.Map {
				fn(e.Value)
			}
		}
	}
	add("github", nativeKey(p, s, "github", "container"), "image")
	each(nativeKey(p, s, "github", "services"), func(v *model.Value) { add("github", v, "image") })
	add("gitlab", nativeKey(p, s, "gitlab", "image"), "name")
	each(nativeKey(p, s, "gitlab", "services"), func(v *model.Value) { add("gitlab", v, "name") })
	each(nativeKey(p, s, "circleci", "docker"), func(v *model.Value) { add("circleci", v, "image") })
	add("azure", nativeKey(p, s, "azure", "container"), "image")
	return out
}

// nativeValue is a value of a native block, and its target.
type nativeValue struct {
	value  *model.Value
	target string
}

// nativeScripts lists the scripts a stage's native blocks hold for the selected targets,
// as the string values that hold them (a list of lines is each line): GitHub's and
// CircleCI's steps' run (CircleCI's as a string or its command), GitLab's before_script,
// script and after_script, Azure's steps' script, bash and pwsh.
func nativeScripts(p *Pass, s *model.Stage) []nativeValue {
	var out []nativeValue
	target := ""
	strs := func(v *model.Value) {
		if v == nil {
			return
		}
		if v.Kind == model.KindString {
			out = append(out, nativeValue{v, target})
			return
		}
		if v.Kind == model.KindList {
			for _, x := range v.List {
				if x.Kind == model.KindString {
					out = append(out, nativeValue{x, target})
				}
			}
		}
	}
	steps := func(t string, keys ...string) {
		target = t
		v := nativeKey(p, s, target, "steps")
		if v == nil || v.Kind != model.KindList {
			return
		}
		for _, st := range v.List {
			for _, k := range keys {
				x := mapKey(st, k)
				if x != nil && x.Kind == model.KindMap { // CircleCI: run = { command = "..." }
					x = mapKey(x, "command")
				}
				strs(x)
			}
		}
	}
	steps("github", "run")
	target = "gitlab"
	for _, k := range []string{"before_script", "script", "after_script"} {
		strs(nativeKey(p, s, "gitlab", k))
	}
	steps("circleci", "run")
	steps("azure", "script", "bash", "pwsh", "powershell")
	return out
}

// targetStrings calls fn for every string value, at any depth, of the stage's native
// blocks for target, when that target is selected: platform expressions may sit in any
// of them (run, with, env, if, ...).
func targetStrings(p *Pass, s *model.Stage, target string, fn func(*model.Value)) {
	if !slices.Contains(p.Targets, target) {
		return
	}
	for _, n := range s.Natives {
		if n.Target == target {
			nativeStrings(n.Body, fn)
		}
	}
}

// actionName is the action a GitHub uses names, without its ref, in lower case, with
// empty and "." path parts dropped: actions/checkout/./@v4 runs actions/checkout, and a
// check of the name must not be dodged by spelling it so.
func actionName(uses string) string {
	if at := strings.LastIndexByte(uses, '@'); at >= 0 {
		uses = uses[:at]
	}
	var parts []string
	for _, x := range strings.Split(strings.ToLower(uses), "/") {
		if x != "" && x != "." {
			parts = append(parts, x)
		}
	}
	return strings.Join(parts, "/")
}
