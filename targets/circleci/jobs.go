package circleci

import (
	"fmt"
	"sort"
	"strings"

	"github.com/pipec-dev/pipec/compile"
	"github.com/pipec-dev/pipec/compile/expr"
	"github.com/pipec-dev/pipec/compile/model"
	"github.com/pipec-dev/pipec/targets"
)

// Executors for the portable runner classes.
const (
	defaultImage   = "cimg/base:current"
	machineImage   = "ubuntu-2404:current"
	armClass       = "arm.medium"
	xcodeVersion   = "16.4.0"
	macosClass     = "m4pro.medium"
	windowsImage   = "windows-server-2022-gui:current"
	windowsClass   = "windows.medium"
	maxAutoReruns  = 5
	artifactMaxAge = 30 * 86400
)

func (e *emitter) job(j *cjob) targets.Map {
	var m targets.Map
	if mx := j.Matrix; mx != nil {
		var params targets.Map
		if j.Role == compile.RoleMain && j.batch <= 1 {
			// Each parameter once: an include entry's key that is an axis, or that an
			// earlier entry added, is that parameter again.
			named := map[string]bool{}
			for _, a := range mx.Axes {
				named[a.Name] = true
				e.checkParamName(a.NameRange, "matrix axis", a.Name)
				e.checkJobParamName(a.NameRange, "matrix axis", a.Name)
			}
			for _, inc := range mx.Include {
				for _, ent := range inc.Values {
					if named[ent.Key] {
						continue
					}
					named[ent.Key] = true
					e.checkParamName(ent.KeyRange, "matrix key", ent.Key)
					e.checkJobParamName(ent.KeyRange, "matrix key", ent.Key)
				}
			}
		}
		for _, k := range newGrid(mx).keys {
			targets.Set(&params, k, targets.Map{{Key: "type", Value: "string"}})
		}
		targets.Set(&m, "parameters", params)
	}
	e.executor(j, &m)
	if env := e.jobEnvironment(j); len(env) > 0 {
		targets.Set(&m, "environment", env)
	}
	if t := j.Timeout; t != nil {
		e.warnOnce(t.Range, "timeout-unsupported", "CircleCI has no job timeout: a job runs until it ends or reaches the plan's limit (1 h Free, 3 h Performance, 5 h Scale); a step that prints nothing for 10 minutes is stopped", "timeout is not applied on CircleCI")
	}
	steps := e.steps(j)
	e.bashEnvWithoutBash(j, steps)
	targets.Set(&m, "steps", steps)
	if n := j.Native(target); n != nil {
		jobKey := func(k string) bool { return !entryKeys[k] }
		e.diags.Append(targets.MergeNative(&m, n, j.Stage.Name, target, jobKey))
	}
	return m
}

// bashEnvWithoutBash warns of a job in an image that has no bash when the job needs
// bash: it hands values to its later steps through $BASH_ENV (pipec's setup, Vault
// secrets, OIDC tokens), or pipec's own steps gather its cache key files or artifacts
// with bash (shopt's globstar, arrays). CircleCI runs the steps with sh there, which
// never reads $BASH_ENV and has neither, so the job fails at run time.
func (e *emitter) bashEnvWithoutBash(j *cjob, steps []any) {
	if j.Image == nil || !j.Image.IsLiteral() || !targets.ShOnlyImage(j.Image.Text()) {
		return
	}
	gathers := ""
	for _, st := range steps {
		run, _ := st.(targets.Map)
		r, _ := targets.Get(run, "run")
		cmd, _ := r.(targets.Map)
		c, _ := targets.Get(cmd, "command")
		n, _ := targets.Get(cmd, "name")
		text, _ := c.(string)
		if strings.Contains(text, "$BASH_ENV") {
			e.warnOnce(j.Image.Range, "image-without-bash", "CircleCI hands values from one step to the next through $BASH_ENV, which only bash reads, and this job hands values on that way (outputs, values computed at run time, Vault secrets, OIDC tokens); use an image with bash (a Debian-based tag, cimg/base)", "stage %q runs in %q, which has no bash, and fails on CircleCI", j.Stage.Name, j.Image.Text())
			return
		}
		// A step of the spec cannot have a name with a space: "pipec ..." is pipec's.
		if name, _ := n.(string); gathers == "" && strings.HasPrefix(name, "pipec ") && strings.Contains(text, "shopt -s") {
			gathers = name
		}
	}
	if gathers != "" {
		e.warnOnce(j.Image.Range, "image-without-bash", fmt.Sprintf("pipec gathers cache key files and artifacts with bash (globstar, arrays), and CircleCI runs the steps with sh in an image without bash, where this job's step %q fails; use an image with bash (a Debian-based tag, cimg/base)", gathers), "stage %q runs in %q, which has no bash, and fails on CircleCI", j.Stage.Name, j.Image.Text())
	}
}

// executor chooses where the job runs: docker for Linux (the stage's image, services as
// secondary containers), a machine for arm64 without image, macOS and Windows, and a
// self-hosted runner's resource class for label lists.
func (e *emitter) executor(j *cjob, m *targets.Map) {
	r := j.Runner
	image := ""
	if j.Image != nil {
		image = e.mustCompile(*j.Image, j, "an image", "CircleCI chooses the image when it compiles the config")
	}
	docker := func() {
		img := image
		if img == "" {
			img = defaultImage
		}
		list := []any{targets.Map{{Key: "image", Value: img}}}
		if sv, port := targets.SharedPort(j.Services); sv != nil {
			e.errorf(port.Range, "service-port-conflict", "CircleCI's containers of a job share one network (localhost), one service per port: give this one another port (most images take it from their env)", "service %q listens on port %d, which another service of stage %q listens on, on CircleCI", sv.Name, port.Value, j.Stage.Name)
		}
		for _, s := range j.Services {
			sm := targets.Map{{Key: "image", Value: e.mustCompile(s.Image, j, "a service's image", serviceWhy)}, {Key: "name", Value: s.Name}}
			if len(s.Env) > 0 {
				var env targets.Map
				for _, v := range s.Env {
					targets.Set(&env, v.Name, e.mustCompile(v.Value, j, "a service's env", serviceWhy))
				}
				sm = append(sm, targets.Item{Key: "environment", Value: env})
			}
			list = append(list, sm)
		}
		targets.Set(m, "docker", list)
	}
	noContainers := func(what string) {
		if j.Image != nil {
			e.errorf(j.Image.Range, "image-unsupported", "CircleCI runs containers on Linux docker executors only", "a %s job cannot run in an image on CircleCI", what)
		}
		if len(j.Services) > 0 {
			e.errorf(j.Services[0].NameRange, "services-unsupported", "CircleCI runs service containers beside a Linux docker executor only", "a %s job cannot have services on CircleCI", what)
		}
	}
	switch r.Class {
	case model.RunnerLinux:
		docker()
	case model.RunnerLinuxARM64:
		if image != "" || len(j.Services) > 0 {
			docker()
		} else {
			targets.Set(m, "machine", targets.Map{{Key: "image", Value: machineImage}})
		}
		targets.Set(m, "resource_class", armClass)
	case model.RunnerMacOS:
		noContainers("macos")
		targets.Set(m, "macos", targets.Map{{Key: "xcode", Value: xcodeVersion}})
		targets.Set(m, "resource_class", macosClass)
	case model.RunnerWindows:
		noContainers("windows")
		targets.Set(m, "machine", targets.Map{{Key: "image", Value: windowsImage}})
		targets.Set(m, "resource_class", windowsClass)
		// pipec's steps are bash; CircleCI's Windows images have Git Bash.
		targets.Set(m, "shell", "bash.exe")
	default:
		noContainers("self-hosted")
		targets.Set(m, "machine", true)
		targets.Set(m, "resource_class", e.resourceClass(j))
		if r.OS() == model.RunnerWindows {
			// A Windows machine runner's shell is PowerShell; pipec's steps are bash,
			// from Git for Windows on the runner.
			targets.Set(m, "shell", "bash.exe")
		}
	}
}

// resourceClass picks a self-hosted runner's resource class (namespace/name) from the
// labels: the first label of that form, else the labels joined with '-' and a warning.
func (e *emitter) resourceClass(j *cjob) string {
	var names []string
	for _, l := range j.Runner.Labels {
		if strings.Count(l.Value, "/") == 1 {
			return l.Value
		}
		if l.Value != "self-hosted" {
			names = append(names, l.Value)
		}
	}
	rc := strings.Join(names, "-")
	if rc == "" {
		rc = "self-hosted"
	}
	native := false
	if n := j.Native(target); n != nil {
		for _, ent := range n.Body.Map {
			native = native || ent.Key == "resource_class"
		}
	}
	if j.Role == compile.RoleMain && j.batch <= 1 && !native {
		e.warnOnce(j.Runner.Range, "runner-resource-class", fmt.Sprintf("CircleCI picks a self-hosted runner by its resource class NAMESPACE/NAME, and no label has that form: create the resource class NAMESPACE/%s for these runners and name it in the labels (runner = [\"NAMESPACE/%s\"]), or set resource_class in a native \"circleci\" block", rc, rc), "stage %q's runner labels name no CircleCI resource class", j.Stage.Name)
	}
	return rc
}

// serviceWhy says why a service cannot read what a shell computes.
const serviceWhy = "CircleCI starts service containers before any step, from what it knows when it compiles the config"

// mustCompile renders a template for a place no shell reaches (an image, a service's
// env), and reports each reference in it that only a shell knows, at the reference.
func (e *emitter) mustCompile(t expr.Template, j *cjob, where, why string) string {
	v, shell := e.configText(t, j, j.Job)
	for _, r := range shell {
		e.errorf(r.Range, "unsupported-reference", why+": use literals, matrix values, inputs, deploy values, or ci.commit_sha, ci.branch, ci.tag and ci.run_number (CircleCI's pipeline values)", "%s cannot be used in %s on CircleCI", r, where)
	}
	return v
}

// jobRefs lists every reference the job's scripts, variables and run-time condition read.
func (e *emitter) jobRefs(j *cjob) []*expr.Ref {
	var out []*expr.Ref
	tmpl := func(t expr.Template) { out = append(out, t.Refs()...) }
	for _, env := range [][]*model.EnvVar{e.plan.Pipeline.Env, j.Env} {
		for _, v := range env {
			tmpl(v.Value)
		}
	}
	for _, st := range e.allSteps(j) {
		tmpl(st.Run)
		for _, v := range st.Env {
			tmpl(v.Value)
		}
		if st.WorkingDirectory != nil {
			tmpl(*st.WorkingDirectory)
		}
	}
	if j.runtime != nil {
		out = append(out, expr.Refs(j.runtime)...)
	}
	return out
}

// allSteps is the job's steps and the rollback steps it runs on failure.
func (e *emitter) allSteps(j *cjob) []*compile.Step {
	steps := append([]*compile.Step{}, j.Steps...)
	if j.rollback != nil {
		steps = append(steps, j.rollback.Steps...)
	}
	return steps
}

// jobEnvironment holds the values CircleCI knows when it compiles the config: plain
// pipeline and stage variables, and the PIPEC_* variables of matrix values, inputs and
// pipeline values the job reads. Inputs reach scripts only this way, never pasted into
// a command.
func (e *emitter) jobEnvironment(j *cjob) targets.Map {
	var m targets.Keyed // one key per variable: Set on a Map scans every key
	for _, env := range [][]*model.EnvVar{e.plan.Pipeline.Env, j.Env} {
		for _, v := range env {
			if s, ok := e.compileTemplate(v.Value, j, j.Job); ok {
				m.Set(v.Name, s)
			}
		}
	}
	if mx := j.Matrix; mx != nil {
		for _, k := range newGrid(mx).keys {
			m.Set(matrixVar(k), "<< parameters."+k+" >>")
		}
	}
	var extra []string
	add := map[string]string{}
	for _, r := range e.jobRefs(j) {
		switch {
		case r.Root() == "input":
			add[inputVar(r.Path[1])] = "<< pipeline.parameters." + r.Path[1] + " >>"
		case r.String() == "ci.event":
			add["PIPEC_CIRCLE_EVENT"] = "<< pipeline.event.name >>"
		case r.String() == "ci.run_number":
			add["PIPEC_CI_RUN_NUMBER"] = "<< pipeline.number >>"
		}
	}
	for k := range add {
		extra = append(extra, k)
	}
	sort.Strings(extra)
	for _, k := range extra {
		m.Set(k, add[k])
	}
	if j.UsesVault() || e.rollbackUsesVault(j) {
		m.Set("VAULT_ADDR", e.plan.Pipeline.Vault.Address.Value)
	}
	return m.Map()
}

func (e *emitter) rollbackUsesVault(j *cjob) bool {
	return j.rollback != nil && j.rollback.UsesVault()
}

// matrix renders the workflow entry's matrix: the grid's parameter lists and the
// combinations that are not cells.
func (e *emitter) matrix(j *cjob) targets.Map {
	mx := j.Matrix
	if mx.FailFast != nil && mx.FailFast.Value {
		e.warnf(mx.FailFast.Range, "fail-fast-unsupported", "CircleCI does not cancel a matrix's other jobs when one fails", "fail_fast is not applied on CircleCI")
	}
	if mx.MaxParallel != nil {
		e.warnf(mx.MaxParallel.Range, "max-parallel-unsupported", "CircleCI runs a matrix's jobs as its concurrency allows", "max_parallel is not applied on CircleCI")
	}
	g := newGrid(mx)
	if len(mx.Include) > 0 && g.size() > maxGrid {
		e.errorf(mx.Include[0].Range, "matrix-include-too-large", "CircleCI has no matrix include: pipec spreads the matrix over a product of every key's values and excludes the combinations that are not cells, which here would list too many; make the included cells a stage of their own", "matrix include spreads stage %q over more than %d combinations", j.Stage.Name, maxGrid)
		return nil
	}
	var params targets.Map
	for i, k := range g.keys {
		var vals []any
		for _, v := range g.values[i] {
			vals = append(vals, escapeParams(v))
		}
		targets.Set(&params, k, vals)
	}
	m := targets.Map{{Key: "parameters", Value: params}}
	var out []any
	for _, c := range g.excluded() {
		out = append(out, g.entry(c))
	}
	if len(out) > 0 {
		targets.Set(&m, "exclude", out)
	}
	return m
}
