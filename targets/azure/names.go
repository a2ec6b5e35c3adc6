package azure

import (
	"fmt"
	"strings"

	"github.com/pipec-dev/pipec/compile/model"
)

// reserved are words Azure refuses as stage, job or deployment names ("job and stage
// names cannot contain keywords"; "deploy" is refused as a deployment's name). Compared
// without case.
var reserved = map[string]bool{
	"deploy": true, "deployment": true, "job": true, "jobs": true, "stage": true,
	"stages": true, "steps": true, "template": true, "pool": true, "strategy": true,
	"variables": true, "parameters": true, "resources": true, "trigger": true, "pr": true,
	"schedules": true, "extends": true, "container": true, "services": true,
}

// ident turns a spec name into an Azure identifier ([A-Za-z0-9_], not starting with a
// digit): every other character becomes '_', and a leading digit gets "s_" in front.
func ident(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	out := b.String()
	if out == "" || (out[0] >= '0' && out[0] <= '9') {
		out = "s_" + out
	}
	return out
}

// stageName is a spec stage's Azure stage name; a reserved word gets "_stage" after it.
func stageName(spec string) string {
	n := ident(spec)
	if reserved[strings.ToLower(n)] {
		n += "_stage"
	}
	return n
}

// jobName is the one job of a stage: the stage's identifier, or "<name>_job" for a
// reserved word ("deploy" cannot name a deployment job).
func jobName(spec string) string {
	n := ident(spec)
	if reserved[strings.ToLower(n)] {
		n += "_job"
	}
	return n
}

// deploymentName is the deployment job of a deployment stage: "<name>_deploy", never the
// stage's own name. A deployment job named as its stage was reported to stay queued for
// ever (microsoft/azure-pipelines-agent#5613), and the name is pipec's to choose: the
// job's displayName keeps the spec's.
func deploymentName(spec string) string { return ident(spec) + "_deploy" }

// legName names a matrix leg after its keys and values (^[A-Za-z][A-Za-z0-9_]{0,99}$),
// unique among the legs without case: "python_3_11", then "_2", "_3" on a clash.
func legName(c model.Cell, taken map[string]bool) string {
	var parts []string
	for _, kv := range c {
		parts = append(parts, kv.Key, kv.Value)
	}
	base := ident(strings.Join(parts, "_"))
	if !((base[0] >= 'a' && base[0] <= 'z') || (base[0] >= 'A' && base[0] <= 'Z')) {
		base = "leg_" + strings.TrimPrefix(base, "s_")
	}
	if len(base) > 90 {
		base = base[:90]
	}
	name := base
	for i := 2; taken[strings.ToLower(name)]; i++ {
		name = fmt.Sprintf("%s_%d", base, i)
	}
	taken[strings.ToLower(name)] = true
	return name
}
