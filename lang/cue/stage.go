package cue

import (
	"fmt"

	"github.com/pipec-dev/pipec/compile/model"
	pschema "github.com/pipec-dev/pipec/schema"
)

func (d *decoder) stage(b *block) *model.Stage {
	s := &model.Stage{Name: b.label, NameRange: b.labelRng, Range: b.rng()}
	attrs, blocks := d.content(b, b.body, pschema.Stage)
	for _, a := range attrs {
		switch a.name {
		case "needs":
			s.Needs = d.stringList(a)
		case "when":
			s.When = d.condition(a)
		case "runner":
			s.Runner = d.runner(a)
		case "image":
			s.Image = d.templatePtr(a)
		case "env":
			s.Env = d.env(a)
		case "timeout":
			s.Timeout = d.duration(a)
		case "retries":
			s.Retries = d.intPtr(a)
		case "allow_failure":
			s.AllowFailure = d.boolPtr(a)
		case "environment":
			s.Environment = d.strPtr(a)
		case "identity":
			s.Identity = d.strPtr(a)
		case "outputs":
			s.Outputs = d.stringList(a)
		}
	}
	for _, blk := range blocks {
		switch blk.typ {
		case "matrix":
			s.Matrix = d.matrix(blk)
		case "service":
			s.Services = append(s.Services, d.service(blk))
		case "cache":
			s.Cache = d.cache(blk)
		case "step":
			s.Steps = append(s.Steps, d.step(blk))
		case "artifact":
			s.Artifacts = append(s.Artifacts, d.artifact(blk))
		case "strategy":
			s.Strategy = d.strategy(blk)
		case "verify":
			s.Verify = d.stepGroup(blk)
		case "switch":
			s.Switch = d.stepGroup(blk)
		case "rollback":
			s.Rollback = d.stepGroup(blk)
		case "native":
			s.Natives = append(s.Natives, d.native(blk))
		}
	}
	return s
}

func (d *decoder) step(b *block) *model.Step {
	s := &model.Step{Name: b.label, NameRange: b.labelRng, Range: b.rng()}
	// Without a run, the compiler's "runs nothing" points at the step.
	s.Run.Range = b.labelRng
	attrs, _ := d.content(b, b.body, pschema.Step)
	for _, a := range attrs {
		switch a.name {
		case "run":
			s.Run, _ = d.template(a.name, a.val, false)
		case "env":
			s.Env = d.env(a)
		case "shell":
			s.Shell = d.strPtr(a)
		case "working_directory":
			s.WorkingDirectory = d.templatePtr(a)
		case "timeout":
			s.Timeout = d.duration(a)
		case "continue_on_error":
			s.ContinueOnError = d.boolPtr(a)
		}
	}
	return s
}

// stepGroup decodes verify, switch and rollback: steps in the order written.
func (d *decoder) stepGroup(b *block) *model.StepGroup {
	g := &model.StepGroup{Range: b.rng()}
	_, blocks := d.content(b, b.body, pschema.StepGroup)
	for _, blk := range blocks {
		g.Steps = append(g.Steps, d.step(blk))
	}
	return g
}

func (d *decoder) matrix(b *block) *model.Matrix {
	m := &model.Matrix{Range: b.rng()}
	attrs, _ := d.content(b, b.body, pschema.Matrix)
	for _, a := range attrs {
		switch a.name {
		case "axes":
			m.Axes = d.axes(a)
		case "include":
			m.Include = d.cells(a)
		case "exclude":
			m.Exclude = d.cells(a)
		case "fail_fast":
			m.FailFast = d.boolPtr(a)
		case "max_parallel":
			m.MaxParallel = d.intPtr(a)
		}
	}
	return m
}

// axes decodes axes: {python: ["3.11", "3.12"], os: ["linux"]} in the order written.
func (d *decoder) axes(a *field) []*model.Axis {
	v := a.val
	if !d.isStruct(a, "a map of lists", `{python: ["3.11", "3.12"]}`) {
		return nil
	}
	out := []*model.Axis{}
	for _, f := range v.fields {
		if f.val.kind == kBad {
			continue
		}
		if f.val.kind != kList {
			d.wrongType(f.val, f.name, "a list of values", `write an axis as NAME: ["a", "b"]`)
			continue
		}
		axis := &model.Axis{Name: f.name, NameRange: f.nameRng, Values: []*model.Value{}}
		for _, el := range f.val.elems {
			if x, ok := d.value(f.name, el); ok && d.scalar(f.name, x, el) {
				axis.Values = append(axis.Values, x)
			}
		}
		out = append(out, axis)
	}
	return out
}

// cells decodes include/exclude: [{python: "3.12", os: "linux"}, ...].
func (d *decoder) cells(a *field) []*model.MatrixCell {
	const want = "a list of maps"
	example := fmt.Sprintf(`write %s: [{python: "3.12"}]`, a.name)
	if a.val.kind == kBad {
		return nil
	}
	if a.val.kind != kList {
		d.wrongType(a.val, a.name, want, example)
		return nil
	}
	out := []*model.MatrixCell{}
	for _, el := range a.val.elems {
		if el.kind == kBad {
			continue
		}
		if el.kind != kStruct {
			d.wrongType(el, a.name, want, example)
			continue
		}
		x, _ := d.value(a.name, el)
		cell := &model.MatrixCell{Range: el.rng, Values: []*model.Entry{}}
		if x != nil {
			for i, e := range x.Map {
				if d.scalar(e.Key, e.Value, el.fields[i].val) {
					cell.Values = append(cell.Values, e)
				}
			}
		}
		out = append(out, cell)
	}
	return out
}

func (d *decoder) service(b *block) *model.Service {
	s := &model.Service{Name: b.label, NameRange: b.labelRng, Range: b.rng()}
	attrs, _ := d.content(b, b.body, pschema.Service)
	for _, a := range attrs {
		switch a.name {
		case "image":
			s.Image, _ = d.template(a.name, a.val, false)
		case "env":
			s.Env = d.env(a)
		case "ports":
			s.Ports = d.intList(a)
		}
	}
	return s
}

func (d *decoder) cache(b *block) *model.Cache {
	c := &model.Cache{Range: b.rng()}
	attrs, _ := d.content(b, b.body, pschema.Cache)
	for _, a := range attrs {
		switch a.name {
		case "paths":
			c.Paths = d.stringList(a)
		case "key_files":
			c.KeyFiles = d.stringList(a)
		case "key":
			c.Key = d.strPtr(a)
		}
	}
	return c
}

func (d *decoder) artifact(b *block) *model.Artifact {
	art := &model.Artifact{Name: b.label, NameRange: b.labelRng, Range: b.rng()}
	attrs, _ := d.content(b, b.body, pschema.Artifact)
	for _, a := range attrs {
		switch a.name {
		case "paths":
			art.Paths = d.stringList(a)
		case "expire_in":
			art.ExpireIn = d.duration(a)
		}
	}
	return art
}

// strategy keeps its kind (the struct's one key) as written; the compiler checks it.
func (d *decoder) strategy(b *block) *model.Strategy {
	s := &model.Strategy{Kind: b.label, KindRange: b.labelRng, Range: b.rng()}
	attrs, _ := d.content(b, b.body, pschema.Strategy)
	for _, a := range attrs {
		switch a.name {
		case "batches":
			s.Batches = d.intPtr(a)
		case "max_parallel":
			s.MaxParallel = d.intPtr(a)
		case "increments":
			s.Increments = d.intList(a)
		case "approval":
			s.Approval = d.boolPtr(a)
		}
	}
	return s
}

// native keeps the raw keys of an escape hatch as a map in the order written.
func (d *decoder) native(b *block) *model.Native {
	n := &model.Native{Target: b.label, TargetRange: b.labelRng, Range: b.rng()}
	attrs, _ := d.content(b, b.body, pschema.Native)
	body := &model.Value{Kind: model.KindMap, Map: []*model.Entry{}, Range: b.body.rng}
	for _, a := range attrs {
		if v, ok := d.value(a.name, a.val); ok {
			body.Map = append(body.Map, &model.Entry{Key: a.name, KeyRange: a.nameRng, Value: v})
		}
	}
	n.Body = body
	return n
}
