package targets

import (
	"fmt"
	"strings"

	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/model"
)

// shape is the set of YAML shapes a platform takes for one key of a job.
type shape uint8

const (
	scalar shape = 1 << iota // a string, number or boolean
	list
	mapping
)

// nativeShapes are the top-level keys of a job (and, on CircleCI, of a workflow's job
// entry) whose shape each platform fixes, by target: a native value of another shape
// compiles to a file the platform refuses ("needs: must be an array", "Invalid format
// for steps"), or crashes its reader, and pipec exited 0. Only shapes the platforms'
// references fix are listed: a key that also takes an expression string on GitHub
// (timeout-minutes) takes a scalar.
var nativeShapes = map[string]map[string]shape{
	"github": {
		"steps": list, "needs": scalar | list, "runs-on": scalar | list | mapping,
		"timeout-minutes": scalar, "strategy": mapping, "services": mapping,
		"outputs": mapping, "defaults": mapping, "with": mapping,
		"permissions": scalar | mapping, "concurrency": scalar | mapping,
		"container": scalar | mapping, "environment": scalar | mapping,
	},
	"gitlab": {
		"rules": list, "needs": list, "tags": list, "services": list, "dependencies": list,
		"script": scalar | list, "before_script": scalar | list, "after_script": scalar | list,
		"variables": mapping, "artifacts": mapping, "id_tokens": mapping, "secrets": mapping,
		"image": scalar | mapping, "environment": scalar | mapping, "cache": list | mapping,
		"retry": scalar | mapping, "parallel": scalar | mapping, "allow_failure": scalar | mapping,
		"extends": scalar | list, "stage": scalar, "when": scalar, "timeout": scalar,
		"resource_group": scalar, "interruptible": scalar,
	},
	"circleci": {
		"steps": list, "docker": list, "requires": list, "filters": scalar | mapping, "matrix": mapping,
		"environment": mapping | list, "parallelism": scalar, "resource_class": scalar,
		"working_directory": scalar, "shell": scalar, "context": scalar | list,
	},
	"azure": {
		"steps": list, "dependsOn": scalar | list, "pool": scalar | mapping,
		"variables": mapping | list, "strategy": mapping, "services": mapping,
		"workspace": mapping, "condition": scalar, "timeoutInMinutes": scalar,
		"cancelTimeoutInMinutes": scalar, "displayName": scalar,
		"container": scalar | mapping, "environment": scalar | mapping,
	},
}

// platformNames names the targets in messages.
var platformNames = map[string]string{"github": "GitHub", "gitlab": "GitLab", "circleci": "CircleCI", "azure": "Azure Pipelines"}

// shapeOf is a native value's shape; null has every shape (the platforms read it as the
// key left out).
func shapeOf(v *model.Value) shape {
	switch v.Kind {
	case model.KindList:
		return list
	case model.KindMap:
		return mapping
	case model.KindNull:
		return scalar | list | mapping
	}
	return scalar
}

func (s shape) String() string {
	var out []string
	for _, p := range []struct {
		s    shape
		name string
	}{{scalar, "a single value"}, {list, "a list"}, {mapping, "a mapping"}} {
		if s&p.s != 0 {
			out = append(out, p.name)
		}
	}
	return strings.Join(out, " or ")
}

// checkNativeShape reports a native entry whose value has a shape the target's platform
// refuses for that key (bad-native-value), and whether it is fine.
func checkNativeShape(ds *diag.Diagnostics, ent *model.Entry, target string) bool {
	want, ok := nativeShapes[target][ent.Key]
	if !ok || shapeOf(ent.Value)&want != 0 {
		return true
	}
	ds.Errorf(ent.Value.Range, "bad-native-value",
		fmt.Sprintf("%s reads a job's %s as %s; it refuses the file otherwise", platformNames[target], ent.Key, want),
		"native %q %s is %s", target, ent.Key, shapeOf(ent.Value)).Target = target
	return false
}
