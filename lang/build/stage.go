package build

import (
	"github.com/pipec-dev/pipec/compile/model"
	"github.com/pipec-dev/pipec/schema"
)

func (m builder[A, B]) stage(b B) *model.Stage {
	r := m.r
	name, nameRng := r.Label(b)
	s := &model.Stage{Name: name, NameRange: nameRng, Range: r.BlockRange(b)}
	attrs, blocks := r.Content(b, schema.Stage)
	for a := range m.read(b, attrs) {
		switch r.AttrName(a) {
		case "needs":
			s.Needs = r.StringList(a)
		case "when":
			s.When = r.Condition(a)
		case "runner":
			s.Runner = r.Runner(a)
		case "image":
			s.Image = r.TemplatePtr(a)
		case "env":
			s.Env = r.Env(a)
		case "timeout":
			s.Timeout = r.Duration(a)
		case "retries":
			s.Retries = r.IntPtr(a)
		case "allow_failure":
			s.AllowFailure = r.BoolPtr(a)
		case "environment":
			s.Environment = r.StrPtr(a)
		case "identity":
			s.Identity = r.StrPtr(a)
		case "outputs":
			s.Outputs = r.StringList(a)
		}
	}
	for _, blk := range blocks {
		switch r.BlockType(blk) {
		case "matrix":
			s.Matrix = m.matrix(blk)
		case "service":
			s.Services = append(s.Services, m.service(blk))
		case "cache":
			s.Cache = m.cache(blk)
		case "step":
			s.Steps = append(s.Steps, m.step(blk))
		case "artifact":
			s.Artifacts = append(s.Artifacts, m.artifact(blk))
		case "strategy":
			s.Strategy = m.strategy(blk)
		case "verify":
			s.Verify = m.stepGroup(blk)
		case "switch":
			s.Switch = m.stepGroup(blk)
		case "rollback":
			s.Rollback = m.stepGroup(blk)
		case "native":
			s.Natives = append(s.Natives, m.native(blk))
		}
	}
	return s
}

func (m builder[A, B]) step(b B) *model.Step {
	r := m.r
	name, nameRng := r.Label(b)
	s := &model.Step{Name: name, NameRange: nameRng, Range: r.BlockRange(b)}
	attrs, _ := r.Content(b, schema.Step)
	for a := range m.read(b, attrs) {
		switch r.AttrName(a) {
		case "run":
			// A run the reader refused stays absent: its error is reported already.
			if t, ok := r.Template(a); ok {
				s.Run = t
			}
		case "env":
			s.Env = r.Env(a)
		case "shell":
			s.Shell = r.StrPtr(a)
		case "working_directory":
			s.WorkingDirectory = r.TemplatePtr(a)
		case "timeout":
			s.Timeout = r.Duration(a)
		case "continue_on_error":
			s.ContinueOnError = r.BoolPtr(a)
		}
	}
	return s
}

// stepGroup decodes verify, switch and rollback: steps in the order written.
func (m builder[A, B]) stepGroup(b B) *model.StepGroup {
	r := m.r
	g := &model.StepGroup{Range: r.BlockRange(b)}
	_, blocks := r.Content(b, schema.StepGroup)
	for _, blk := range blocks {
		g.Steps = append(g.Steps, m.step(blk))
	}
	return g
}

func (m builder[A, B]) matrix(b B) *model.Matrix {
	r := m.r
	mx := &model.Matrix{Range: r.BlockRange(b)}
	attrs, _ := r.Content(b, schema.Matrix)
	for a := range m.read(b, attrs) {
		switch r.AttrName(a) {
		case "axes":
			mx.Axes = r.Axes(a, mx.Range)
		case "include":
			mx.Include = r.Cells(a)
		case "exclude":
			mx.Exclude = r.Cells(a)
		case "fail_fast":
			mx.FailFast = r.BoolPtr(a)
		case "max_parallel":
			mx.MaxParallel = r.IntPtr(a)
		}
	}
	return mx
}

func (m builder[A, B]) service(b B) *model.Service {
	r := m.r
	name, nameRng := r.Label(b)
	s := &model.Service{Name: name, NameRange: nameRng, Range: r.BlockRange(b)}
	attrs, _ := r.Content(b, schema.Service)
	for a := range m.read(b, attrs) {
		switch r.AttrName(a) {
		case "image":
			if t, ok := r.Template(a); ok { // else reported; an image of the wrong type is not also empty
				s.Image = t
			}
		case "env":
			s.Env = r.Env(a)
		case "ports":
			s.Ports = r.IntList(a)
		}
	}
	return s
}

func (m builder[A, B]) cache(b B) *model.Cache {
	r := m.r
	c := &model.Cache{Range: r.BlockRange(b)}
	attrs, _ := r.Content(b, schema.Cache)
	for a := range m.read(b, attrs) {
		switch r.AttrName(a) {
		case "paths":
			c.Paths = r.StringList(a)
		case "key_files":
			c.KeyFiles = r.StringList(a)
		case "key":
			c.Key = r.StrPtr(a)
		}
	}
	return c
}

func (m builder[A, B]) artifact(b B) *model.Artifact {
	r := m.r
	name, nameRng := r.Label(b)
	art := &model.Artifact{Name: name, NameRange: nameRng, Range: r.BlockRange(b)}
	attrs, _ := r.Content(b, schema.Artifact)
	for a := range m.read(b, attrs) {
		switch r.AttrName(a) {
		case "paths":
			art.Paths = r.StringList(a)
		case "expire_in":
			art.ExpireIn = r.Duration(a)
		}
	}
	return art
}

// strategy keeps its kind label as written; the compiler checks it and which attributes
// fit it.
func (m builder[A, B]) strategy(b B) *model.Strategy {
	r := m.r
	kind, kindRng := r.Label(b)
	s := &model.Strategy{Kind: kind, KindRange: kindRng, Range: r.BlockRange(b)}
	attrs, _ := r.Content(b, schema.Strategy)
	for a := range m.read(b, attrs) {
		switch r.AttrName(a) {
		case "batches":
			s.Batches = r.IntPtr(a)
		case "max_parallel":
			s.MaxParallel = r.IntPtr(a)
		case "increments":
			s.Increments = r.IntList(a)
		case "approval":
			s.Approval = r.BoolPtr(a)
		}
	}
	return s
}

// native keeps the raw keys of an escape hatch as a map in the order written.
func (m builder[A, B]) native(b B) *model.Native {
	r := m.r
	target, targetRng := r.Label(b)
	n := &model.Native{Target: target, TargetRange: targetRng, Range: r.BlockRange(b)}
	attrs, _ := r.Content(b, schema.Native)
	body := &model.Value{Kind: model.KindMap, Map: []*model.Entry{}, Range: r.BodyRange(b)}
	for _, a := range attrs {
		if v, ok := r.Value(a); ok {
			body.Map = append(body.Map, &model.Entry{Key: r.AttrName(a), KeyRange: r.AttrNameRange(a), Value: v})
		}
	}
	n.Body = body
	return n
}
