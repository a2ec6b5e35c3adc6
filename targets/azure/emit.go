package azure

import (
	"fmt"
	"strings"

	"github.com/pipec-dev/pipec/compile"
	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/model"
	"github.com/pipec-dev/pipec/targets"
)

const target = "azure"

// astage is one Azure stage: a spec stage and the plan jobs pipec lowered it into
// (canary increments, a blue/green switch, a rollback), which Azure holds in one job.
type astage struct {
	spec  *model.Stage
	name  string         // Azure stage name
	job   string         // Azure job (or deployment) name
	mains []*compile.Job // RoleMain jobs in chain order
	sw    *compile.Job   // blue/green switch job
	rb    *compile.Job   // rollback job
	legs  []leg          // matrix legs, expanded here (Azure has no product)
	needs []*astage
}

// leg is one named cell of a matrix.
type leg struct {
	name string
	cell model.Cell
}

// first is the job that carries what every job of the stage shares.
func (s *astage) first() *compile.Job { return s.mains[0] }

// last is the job that finishes the stage's chain (the blue/green switch, the last
// canary increment): the plan gives allow_failure to that job alone, and Azure holds
// the whole chain in one job.
func (s *astage) last() *compile.Job {
	if s.sw != nil {
		return s.sw
	}
	return s.mains[len(s.mains)-1]
}

// deployment reports whether the stage becomes a `deployment` job.
func (s *astage) deployment() bool { return s.first().Deploy != nil }

// strategy is the stage's deploy strategy ("" for none).
func (s *astage) strategy() string {
	if d := s.first().Deploy; d != nil {
		return d.Strategy
	}
	return ""
}

type emitter struct {
	plan    *compile.Plan
	stages  []*astage
	byStage map[*model.Stage]*astage
	byName  map[string]*astage // by spec stage name: stageOf, once per reference
	// containers are the service containers, declared once under resources;
	// containerIDs holds their names, lower-cased (Azure compares names without case).
	containers   []any
	containerIDs map[string]bool
	warned       map[string]bool
	diags        diag.Diagnostics
}

func newEmitter(p *compile.Plan) *emitter {
	return &emitter{plan: p, byStage: map[*model.Stage]*astage{}, byName: map[string]*astage{}, containerIDs: map[string]bool{}, warned: map[string]bool{}}
}

func (e *emitter) errorf(rng diag.Range, code, detail, format string, args ...any) {
	e.diags.Errorf(rng, code, detail, format, args...).Target = target
}

func (e *emitter) warnf(rng diag.Range, code, detail, format string, args ...any) {
	e.diags.Warnf(rng, code, detail, format, args...).Target = target
}

// warnOnce warns once per code and spec position (a default shared by many stages).
func (e *emitter) warnOnce(rng diag.Range, code, detail, format string, args ...any) {
	key := code + "@" + rng.String()
	if e.warned[key] {
		return
	}
	e.warned[key] = true
	e.warnf(rng, code, detail, format, args...)
}

func (e *emitter) emit() ([]byte, diag.Diagnostics) {
	e.group()
	e.checkSecretNames()
	e.checkEnvNames()
	var doc targets.Map
	// ci.run_number is Build.BuildNumber, which Azure formats as $(Date:yyyyMMdd).$(Rev:r)
	// unless the pipeline names its runs: $(Rev:r) alone counts the pipeline's runs, as
	// the other platforms' run numbers do.
	targets.Set(&doc, "name", "$(Rev:r)")
	e.triggers(&doc)
	if params := e.parameters(); len(params) > 0 {
		targets.Set(&doc, "parameters", params)
	}
	if vars := e.pipelineVariables(); len(vars) > 0 {
		targets.Set(&doc, "variables", vars)
	}
	var stages []any
	for _, s := range e.stages {
		stages = append(stages, e.stage(s))
	}
	if len(e.containers) > 0 {
		targets.Set(&doc, "resources", targets.Map{{Key: "containers", Value: e.containers}})
	}
	targets.Set(&doc, "stages", stages)
	e.diags.Sort()
	if e.diags.HasErrors() {
		return nil, e.diags
	}
	out, err := targets.Encode(targets.Header(e.plan), doc)
	if err != nil {
		panic(fmt.Sprintf("azure: encoding a file built from ordered maps: %v", err))
	}
	return out, e.diags
}

// group regroups the plan's jobs by spec stage, names the stages and their jobs, and
// expands matrices into legs. Azure compares names without case: two spec stages that
// end up with one name are an error, never a silent merge.
func (e *emitter) group() {
	names := map[string]*model.Stage{}
	artifacts := map[string]string{}
	for _, j := range e.plan.Jobs {
		s := e.byStage[j.Stage]
		if s == nil {
			s = &astage{spec: j.Stage, name: stageName(j.Stage.Name), job: jobName(j.Stage.Name)}
			if j.Deploy != nil {
				s.job = deploymentName(j.Stage.Name)
			}
			key := strings.ToLower(s.name)
			if other, ok := names[key]; ok {
				e.errorf(j.Stage.NameRange, "stage-name-collision", fmt.Sprintf("stage %q also becomes Azure stage %q (Azure names allow letters, digits and '_', compared without case); rename one of them", other.Name, s.name), "two stages become Azure stage %q", s.name)
			}
			names[key] = j.Stage
			e.byStage[j.Stage] = s
			e.byName[j.Stage.Name] = s
			e.stages = append(e.stages, s)
			for _, a := range j.Stage.Artifacts {
				// Artifact names are unique in a run; two that flatten to one would make
				// the second publish fail and the downloads mix them up.
				n := strings.ToLower(artifactName(s, a, ""))
				if other, ok := artifacts[n]; ok {
					e.errorf(a.NameRange, "artifact-name-collision", fmt.Sprintf("artifact %q also becomes Azure artifact %q (letters, digits and '_'); rename one of them", other, artifactName(s, a, "")), "two artifacts become Azure artifact %q", artifactName(s, a, ""))
				}
				artifacts[n] = j.Stage.Name + "." + a.Name
			}
		}
		switch j.Role {
		case compile.RoleSwitch:
			s.sw = j
		case compile.RoleRollback:
			s.rb = j
		default:
			s.mains = append(s.mains, j)
		}
	}
	for _, s := range e.stages {
		seen := map[*astage]bool{s: true}
		for _, j := range append(append([]*compile.Job{}, s.mains...), s.sw) {
			if j == nil {
				continue
			}
			for _, n := range j.Needs {
				if up := e.byStage[n.Stage]; !seen[up] {
					seen[up] = true
					s.needs = append(s.needs, up)
				}
			}
		}
		if mx := s.first().Matrix; mx != nil {
			e.runtimeLikeValues(mx)
			taken := map[string]bool{}
			for _, c := range mx.Cells() {
				s.legs = append(s.legs, leg{name: legName(c, taken), cell: c})
			}
			// Legs a matrix condition excludes are not written at all: the stages after
			// this one must not wait for their artifacts or outputs either.
			s.legs = e.legsFor(s)
		}
	}
}
