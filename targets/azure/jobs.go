package azure

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pipec-dev/pipec/compile"
	"github.com/pipec-dev/pipec/compile/expr"
	"github.com/pipec-dev/pipec/compile/model"
	"github.com/pipec-dev/pipec/targets"
)

// Microsoft-hosted images for the portable runner classes. Azure has no hosted arm64
// Linux agents: linux-arm64 asks the Default (self-hosted) pool for an ARM64 agent.
var vmImages = map[string]string{
	model.RunnerLinux:   "ubuntu-latest",
	model.RunnerMacOS:   "macOS-latest",
	model.RunnerWindows: "windows-latest",
}

func (e *emitter) stageOf(name string) *astage {
	if s := e.byName[name]; s != nil {
		return s
	}
	panic("azure: unchecked stage " + name)
}

// jobOutputKey is how the stage's job names an output variable: output variables of a
// deployment job carry the job's name, those of a matrix the leg's (the last leg:
// downstream stages read one value, the last written).
func (s *astage) jobOutputKey(key string) string {
	prefix := ""
	switch {
	case s.deployment():
		prefix = s.job + "."
	case len(s.legs) > 0:
		prefix = s.legs[len(s.legs)-1].name + "."
	}
	return prefix + outputsStep + "." + key
}

// outputPath is the output as a stage condition reads it (dependencies.STAGE.outputs).
func (s *astage) outputPath(key string) string { return s.job + "." + s.jobOutputKey(key) }

// stage renders one Azure stage with its one job.
func (e *emitter) stage(s *astage) targets.Map {
	m := targets.Map{{Key: "stage", Value: s.name}}
	if s.name != s.spec.Name {
		targets.Set(&m, "displayName", s.spec.Name)
	}
	// Azure runs stages one after another unless told: every stage lists its needs,
	// and a stage without needs starts at once.
	deps := []any{}
	for _, n := range s.needs {
		deps = append(deps, n.name)
	}
	targets.Set(&m, "dependsOn", deps)
	if c := e.condition(s); c != "" {
		targets.Set(&m, "condition", c)
	}
	if s.deployment() {
		// One deployment to an environment at a time, as on the other targets: with an
		// Exclusive lock check on the environment, a newer run waits instead of
		// cancelling the older one (Azure's default, runLatest).
		targets.Set(&m, "lockBehavior", "sequential")
		targets.Set(&m, "jobs", []any{e.deploymentJob(s)})
	} else {
		targets.Set(&m, "jobs", []any{e.job(s)})
	}
	return m
}

// maxHostedMinutes is the longest a job runs on a Microsoft-hosted agent (public
// projects, and private ones with paid parallel jobs).
const maxHostedMinutes = 360

// common sets what jobs and deployment jobs share: pool, container, services,
// timeout, variables.
func (e *emitter) common(s *astage, m *targets.Map) {
	j := s.first()
	if s.strategy() != model.StrategyRolling {
		targets.Set(m, "pool", e.pool(s))
	} else if e.runnerSet(s) {
		// A rolling deploy runs its hooks on the environment's machines: no pool.
		e.warnOnce(j.Runner.Range, "rolling-runner", fmt.Sprintf("Azure runs a rolling deployment on the virtual machines registered in environment %q, not on a pool: the runner only tells which shells the steps may use there", j.Deploy.Environment.Name), "the runner of rolling stage %q is not applied on Azure", s.spec.Name)
	}
	if img := e.container(s); img != nil {
		targets.Set(m, "container", img)
	}
	if len(j.Services) > 0 {
		targets.Set(m, "services", e.services(s))
	}
	if j.Timeout != nil {
		if r := j.Runner; r.Class != "" && r.Class != model.RunnerLinuxARM64 && s.strategy() != model.StrategyRolling && j.Timeout.Minutes() > maxHostedMinutes {
			// Azure accepts the value and stops the job at the agent's limit instead.
			e.warnOnce(j.Timeout.Range, "timeout-capped", "Microsoft-hosted agents stop a job after 6 hours (1 hour in a private project on the free tier) whatever timeoutInMinutes says; a self-hosted pool (runner = [\"POOL\", ...]) has no limit",
				"timeout %s of stage %q is longer than Microsoft-hosted agents allow", j.Timeout.Text, j.Stage.Name)
		}
		targets.Set(m, "timeoutInMinutes", j.Timeout.Minutes())
	}
	if s.last().AllowFailure {
		// The stage may fail without stopping the stages after it: its result is
		// "succeeded with issues", which succeeded() accepts. Inside the one deployment
		// job a failed increment still stops the increments after it.
		targets.Set(m, "continueOnError", true)
	}
	if vars := e.jobVariables(s); len(vars) > 0 {
		targets.Set(m, "variables", vars)
	}
}

// runnerSet reports whether the spec chose the stage's runner (the stage or the
// defaults), rather than pipec's linux.
func (e *emitter) runnerSet(s *astage) bool {
	d := e.plan.Pipeline.Defaults
	return s.spec.Runner != nil || (d != nil && d.Runner != nil)
}

// job renders a stage that is not a deployment.
func (e *emitter) job(s *astage) targets.Map {
	j := s.first()
	m := targets.Map{{Key: "job", Value: s.job}}
	if s.job != s.spec.Name {
		targets.Set(&m, "displayName", s.spec.Name)
	}
	if len(s.legs) > 0 {
		targets.Set(&m, "strategy", e.matrix(s))
	}
	e.common(s, &m)
	h := hook{s: s, job: j}
	all := j.Steps
	if s.rb != nil {
		all = append(append([]*compile.Step{}, j.Steps...), s.rb.Steps...)
	}
	steps := e.prelude(h, all)
	steps = append(steps, e.downloads(j)...)
	steps = append(steps, e.cache(s)...)
	for _, st := range j.Steps {
		steps = append(steps, e.userStep(h, st))
	}
	steps = append(steps, e.publish(s, j)...)
	steps = append(steps, e.outputs(s, j)...)
	if s.rb != nil {
		// A stage that deploys nowhere has no lifecycle hooks: its rollback steps end
		// the job and run only when a step before them failed, as CircleCI's on_fail,
		// or when the job was cancelled after it started (Azure cancels a job that
		// reaches its timeout).
		rb := hook{s: s, name: "on.failure", job: s.rb}
		for _, st := range s.rb.Steps {
			step := e.userStep(rb, st)
			targets.Set(&step, "condition", "or(failed(), canceled())")
			steps = append(steps, step)
		}
	}
	targets.Set(&m, "steps", steps)
	e.native(s, &m)
	return m
}

func (e *emitter) native(s *astage, m *targets.Map) {
	n := s.first().Native(target)
	if n == nil {
		return
	}
	listed := variableList(m, n)
	e.diags.Append(targets.MergeNative(m, n, s.first().Stage.Name, target, func(key string) bool {
		return key != "variables" || !listed
	}))
}

// variableList merges a native `variables` written as a list, Azure's form that links a
// variable group (`- group: NAME`), with the variables pipec wrote as a mapping (the
// stage's env, its upstream outputs): as a list replacing a mapping, it would drop them
// all, and the steps would read them empty. pipec's come first, each as `- name: K
// value: V`, except those the native list names itself; it reports whether it merged.
func variableList(m *targets.Map, n *model.Native) bool {
	for _, ent := range n.Body.Map {
		if ent.Key != "variables" {
			continue
		}
		list, isList := targets.Raw(ent.Value).([]any)
		old, _ := targets.Get(*m, "variables")
		have, isMap := old.(targets.Map)
		if !isList || !isMap {
			return false
		}
		named := map[any]bool{}
		for _, it := range list {
			if v, ok := it.(targets.Map); ok {
				if name, ok := targets.Get(v, "name"); ok {
					named[name] = true
				}
			}
		}
		var merged []any
		for _, it := range have {
			if !named[it.Key] {
				merged = append(merged, targets.Map{{Key: "name", Value: it.Key}, {Key: "value", Value: it.Value}})
			}
		}
		targets.Set(m, "variables", append(merged, list...))
		return true
	}
	return false
}

// osDemands turn the labels every platform knows into Azure's agent capabilities: an
// agent reports its OS and architecture, not labels.
var osDemands = map[string]string{
	"linux":   "Agent.OS -equals Linux",
	"windows": "Agent.OS -equals Windows_NT",
	"macos":   "Agent.OS -equals Darwin",
	"x64":     "Agent.OSArchitecture -equals X64",
	"arm64":   "Agent.OSArchitecture -equals ARM64",
}

// pool chooses the agents: a Microsoft-hosted image for a runner class, a self-hosted
// pool for a label list. The first label that is not "self-hosted" or an OS or
// architecture names the pool (else Default); OS and architecture labels become demands
// on Azure's own capabilities, the other labels demands on capabilities of that name.
func (e *emitter) pool(s *astage) targets.Map {
	r := s.first().Runner
	if r.Class == model.RunnerLinuxARM64 {
		e.warnOnce(r.Range, "no-hosted-arm64", "Azure has no Microsoft-hosted arm64 Linux agents: the job asks the Default pool for a self-hosted agent with Agent.OSArchitecture ARM64; register one there, or name a pool with runner = [\"POOL\", ...]", "linux-arm64 needs a self-hosted agent on Azure")
		return targets.Map{{Key: "name", Value: "Default"}, {Key: "demands", Value: []any{osDemands["linux"], osDemands["arm64"]}}}
	}
	if r.Class != "" {
		return targets.Map{{Key: "vmImage", Value: vmImages[r.Class]}}
	}
	name := ""
	var demands []any
	for _, l := range r.Labels {
		d, known := osDemands[strings.ToLower(l.Value)]
		switch {
		case l.Value == "self-hosted":
		case known:
			demands = append(demands, d)
		case name == "":
			name = l.Value
		default:
			demands = append(demands, escapeText(l.Value))
		}
	}
	if name == "" {
		name = "Default"
	}
	m := targets.Map{{Key: "name", Value: escapeText(name)}}
	if len(demands) > 0 {
		targets.Set(&m, "demands", demands)
	}
	return m
}

// container renders the stage's image. An image that reads matrix values differs per
// leg: each leg carries it in PIPEC_IMAGE, which the job reads at run time.
func (e *emitter) container(s *astage) any {
	j := s.first()
	if j.Image == nil {
		return nil
	}
	if j.Runner.Class == model.RunnerMacOS {
		e.errorf(j.Image.Range, "container-needs-linux", "Azure runs container jobs on Linux and Windows agents only: drop the image or use another runner", "stage %q runs in an image on a macos runner", s.spec.Name)
	}
	e.containerWithoutBash(s)
	e.containerEntrypoint(s)
	for _, r := range j.Image.Refs() {
		if r.Root() != "matrix" && r.Root() != "input" {
			e.errorf(r.Range, "unsupported-reference", "Azure chooses a job's container before the job starts: use literals, matrix values or inputs in an image", "%s cannot be used in an image on Azure", r)
			return nil
		}
	}
	if imagePerLeg(j) {
		return "$[ variables['PIPEC_IMAGE'] ]"
	}
	v, _ := e.template(*j.Image, hook{s: s, job: j}, nil)
	return v
}

// containerWithoutBash warns of a Linux container job in an image known to have no bash
// (alpine): Azure runs every step of it in the container, pipec's steps as bash steps
// (sh steps too, from a file), and its tasks (checkout, Cache@2, artifacts) with the
// agent's Node.js, which needs glibc; Alpine and BusyBox have neither, so the job fails at
// its first step. Microsoft lists bash and glibc among a container job's requirements.
func (e *emitter) containerWithoutBash(s *astage) {
	j := s.first()
	if !j.Image.IsLiteral() || !targets.ShOnlyImage(j.Image.Text()) || j.Runner.OS() == model.RunnerWindows || j.Runner.Class == model.RunnerMacOS {
		return
	}
	e.warnOnce(j.Image.Range, "image-without-bash", "Azure Pipelines runs each step of a container job inside the container with bash, and its tasks (checkout, caches, artifacts) with the agent's Node.js, which needs glibc: Alpine and BusyBox images have neither (Microsoft's container job requirements). Use an image with bash and glibc (a Debian-based tag), or see \"Nonglibc-based containers\" in Azure's documentation", "stage %q runs in %q, which has no bash, and fails on Azure", s.spec.Name, j.Image.Text())
}

// imagePerLeg reports whether the job's image reads matrix values, so that each leg
// carries its own in PIPEC_IMAGE.
func imagePerLeg(j *compile.Job) bool {
	if j.Image == nil {
		return false
	}
	for _, r := range j.Image.Refs() {
		if r.Root() == "matrix" {
			return true
		}
	}
	return false
}

// imageFor renders the image of one leg. The matrix legs are written before container
// checks the image's references, so a reference it refuses (a ci value) is left out
// here rather than looked up: container reports it, and nothing is written.
func (e *emitter) imageFor(s *astage, l leg) string {
	var b strings.Builder
	for _, p := range s.first().Image.Parts {
		switch {
		case p.Ref == nil:
			b.WriteString(escapeText(p.Lit))
		case p.Ref.Root() == "matrix":
			v, _ := l.cell.Get(p.Ref.Path[1])
			b.WriteString(escapeText(v))
		case p.Ref.Root() == "input":
			b.WriteString(inputParam(e.input(p.Ref.Path[1])))
		}
	}
	return b.String()
}

// services declares each service container once under resources and maps the job's
// service names (the host names steps reach them by) to them.
func (e *emitter) services(s *astage) targets.Map {
	j := s.first()
	offLinux := false
	if os := j.Runner.OS(); os != "" && os != model.RunnerLinux {
		offLinux = true
		e.errorf(j.Services[0].Range, "services-need-linux", "Azure runs service containers on Linux agents", "stage %q has services on a %s runner", s.spec.Name, os)
	}
	if sv, port := targets.SharedPort(j.Services); sv != nil && j.Image == nil && !offLinux {
		e.errorf(port.Range, "service-port-conflict", "steps on the agent reach services at the ports Azure publishes there, one service per port: give this one another port (most images take it from their env), or give the stage an image, where services are reached by name", "service %q publishes port %d, which another service of stage %q publishes on Azure", sv.Name, port.Value, s.spec.Name)
	}
	var out targets.Map
	for _, sv := range j.Services {
		// The resource's name is pipec's own (steps reach the service by its name, the
		// key below): stage "a" with service "b_c" and stage "a_b" with service "c",
		// or services "db-a" and "db_a", flatten to one identifier, so a repeat is
		// numbered rather than declared twice, which gave both jobs one image.
		base := ident(s.spec.Name + "_" + sv.Name)
		id := base
		for i := 2; e.containerIDs[strings.ToLower(id)]; i++ {
			id = fmt.Sprintf("%s_%d", base, i)
		}
		e.containerIDs[strings.ToLower(id)] = true
		c := targets.Map{{Key: "container", Value: id}}
		targets.Set(&c, "image", e.static(sv.Image, "a service image"))
		if len(sv.Env) > 0 {
			var env targets.Map
			for _, v := range sv.Env {
				targets.Set(&env, v.Name, e.static(v.Value, "a service's env"))
			}
			targets.Set(&c, "env", env)
		}
		if len(sv.Ports) == 0 && j.Image == nil && !offLinux {
			e.warnf(sv.NameRange, "service-without-ports", "steps on the runner reach a service only at the ports Azure publishes on it; list the ports the service listens on (ports = [5432]), or give the stage an image", "service %q publishes no ports: steps of stage %q cannot reach it on Azure", sv.Name, s.spec.Name)
		}
		// Steps in a job container reach a service by its name on the job's network:
		// its ports are published on the runner only for steps that run there. Published
		// in a container job too, two services of one port (a primary and a replica)
		// would fail the job, the second unable to bind the runner's port.
		if len(sv.Ports) > 0 && j.Image == nil {
			var ports []any
			for _, p := range sv.Ports {
				ports = append(ports, fmt.Sprintf("%d:%d", p.Value, p.Value))
			}
			targets.Set(&c, "ports", ports)
		}
		e.containers = append(e.containers, c)
		targets.Set(&out, sv.Name, id)
	}
	return out
}

// static renders a value Azure needs when it compiles the pipeline (service containers
// are declared for the whole pipeline): literals and inputs only.
func (e *emitter) static(t expr.Template, where string) string {
	var b strings.Builder
	for _, p := range t.Parts {
		switch {
		case p.Ref == nil:
			b.WriteString(escapeText(p.Lit))
		case p.Ref.Root() == "input":
			b.WriteString(inputParam(e.input(p.Ref.Path[1])))
		default:
			e.errorf(p.Ref.Range, "unsupported-reference", "Azure declares service containers for the whole pipeline: use literals or inputs there", "%s cannot be used in %s on Azure", p.Ref, where)
		}
	}
	return b.String()
}

// matrix renders the legs pipec expanded: Azure has no product, include or exclude.
func (e *emitter) matrix(s *astage) targets.Map {
	mx := s.first().Matrix
	var m targets.Map
	// Every leg sets every key (empty where its cell has none), as GitHub's matrix
	// context reads: an undefined variable would reach the steps as "$(NAME)".
	var keys []string
	for _, l := range s.legs {
		for _, kv := range l.cell {
			if !slices.Contains(keys, kv.Key) {
				keys = append(keys, kv.Key)
			}
		}
	}
	var lm targets.Map
	for _, l := range s.legs {
		vars := targets.Map{{Key: "PIPEC_LEG", Value: l.name}}
		for _, k := range keys {
			v, _ := l.cell.Get(k)
			targets.Set(&vars, matrixVar(k), escapeText(v))
		}
		if imagePerLeg(s.first()) {
			targets.Set(&vars, "PIPEC_IMAGE", e.imageFor(s, l))
		}
		targets.Set(&lm, l.name, vars)
	}
	targets.Set(&m, "matrix", lm)
	if mx.MaxParallel != nil {
		targets.Set(&m, "maxParallel", mx.MaxParallel.Value)
	}
	if mx.FailFast != nil && mx.FailFast.Value {
		e.warnf(mx.FailFast.Range, "fail-fast-unsupported", "Azure does not cancel a matrix's other legs when one fails", "fail_fast is not applied on Azure")
	}
	return m
}

// jobVariables are the stage's env and the upstream outputs its steps read. Outputs come
// from stageDependencies at run time; the steps map them into their env.
func (e *emitter) jobVariables(s *astage) targets.Map {
	var m targets.Keyed // one key per variable: Set on a Map scans every key
	j := s.first()
	for _, v := range j.Env {
		if e.stepOnly(v) {
			continue // computed per step: see stepEnv
		}
		val, _ := e.template(v.Value, hook{s: s, job: j}, &compile.Step{Phase: compile.PhaseMain})
		m.Set(v.Name, val)
	}
	seen := map[string]bool{}
	for _, r := range e.stageRefs(s) {
		name := outputVar(r.Path[1], r.Path[3])
		if seen[name] {
			continue
		}
		seen[name] = true
		up := e.stageOf(r.Path[1])
		m.Set(name, "$[ stageDependencies."+up.name+"."+up.job+".outputs['"+up.jobOutputKey(r.Path[3])+"'] ]")
	}
	return m.Map()
}

// stageRefs lists the stage output references of every step of the stage.
func (e *emitter) stageRefs(s *astage) []*expr.Ref {
	var out []*expr.Ref
	for _, j := range s.jobs() {
		for _, st := range j.Steps {
			for _, t := range stepTemplates(st) {
				for _, r := range t.Refs() {
					if r.Root() == "stage" {
						out = append(out, r)
					}
				}
			}
		}
	}
	return out
}

// jobs lists the stage's plan jobs whose steps Azure runs.
func (s *astage) jobs() []*compile.Job {
	out := []*compile.Job{s.first()}
	for _, j := range []*compile.Job{s.sw, s.rb} {
		if j != nil {
			out = append(out, j)
		}
	}
	return out
}

func stepTemplates(st *compile.Step) []expr.Template {
	ts := []expr.Template{st.Run}
	for _, v := range st.Env {
		ts = append(ts, v.Value)
	}
	if st.WorkingDirectory != nil {
		ts = append(ts, *st.WorkingDirectory)
	}
	return ts
}

// containerEntrypoint warns of a container job in an image known to start its tool from
// its ENTRYPOINT (hashicorp/terraform): Azure starts the container to keep it running and
// runs the steps in it, which an image whose entrypoint is a tool defeats; Microsoft's
// container job requirements say the image must have no ENTRYPOINT, and the container
// resource has no key to override it.
func (e *emitter) containerEntrypoint(s *astage) {
	j := s.first()
	if !targets.ToolEntrypointTemplate(*j.Image) {
		return
	}
	e.warnOnce(j.Image.Range, "image-entrypoint", "Microsoft's container job requirements ask for an image without an ENTRYPOINT: Azure starts the container and runs each step in it with docker exec, which needs the container to keep running, and an image whose entrypoint is a tool exits. Use an image without one (build FROM it with ENTRYPOINT [], or install the tool in a Debian-based image)", "stage %q runs in %q, whose ENTRYPOINT is a tool, which Azure's container jobs do not support", s.spec.Name, j.Image.Text())
}
