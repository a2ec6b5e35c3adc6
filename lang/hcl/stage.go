package hcl

import (
	"fmt"
	pschema "github.com/pipec-dev/pipec/schema"

	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/pipec-dev/pipec/compile/model"
)

var stageSchema = fromSchema(pschema.Stage)

func (d *decoder) stage(b *hclsyntax.Block) *model.Stage {
	s := &model.Stage{Name: b.Labels[0], NameRange: toRange(b.LabelRanges[0]), Range: toRange(b.Range())}
	attrs, blocks := d.content(b.Body, b, &stageSchema)
	for _, a := range attrs {
		d.stageAttr(s, a)
	}
	for _, blk := range blocks {
		d.stageBlock(s, blk)
	}
	return s
}

func (d *decoder) stageAttr(s *model.Stage, a *hclsyntax.Attribute) {
	switch a.Name {
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

func (d *decoder) stageBlock(s *model.Stage, b *hclsyntax.Block) {
	switch b.Type {
	case "matrix":
		s.Matrix = d.matrix(b)
	case "service":
		s.Services = append(s.Services, d.service(b))
	case "cache":
		s.Cache = d.cache(b)
	case "step":
		s.Steps = append(s.Steps, d.step(b))
	case "artifact":
		s.Artifacts = append(s.Artifacts, d.artifact(b))
	case "strategy":
		s.Strategy = d.strategy(b)
	case "verify":
		s.Verify = d.stepGroup(b)
	case "switch":
		s.Switch = d.stepGroup(b)
	case "rollback":
		s.Rollback = d.stepGroup(b)
	case "native":
		s.Natives = append(s.Natives, d.native(b))
	}
}

var stepSchema = fromSchema(pschema.Step)

func (d *decoder) step(b *hclsyntax.Block) *model.Step {
	s := &model.Step{Name: b.Labels[0], NameRange: toRange(b.LabelRanges[0]), Range: toRange(b.Range())}
	attrs, _ := d.content(b.Body, b, &stepSchema)
	for _, a := range attrs {
		switch a.Name {
		case "run":
			s.Run, _ = d.template(a.Name, a.Expr, false)
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

var stepGroupSchema = fromSchema(pschema.StepGroup)

// stepGroup decodes verify, switch and rollback: steps in source order.
func (d *decoder) stepGroup(b *hclsyntax.Block) *model.StepGroup {
	g := &model.StepGroup{Range: toRange(b.Range())}
	_, blocks := d.content(b.Body, b, &stepGroupSchema)
	for _, blk := range blocks {
		g.Steps = append(g.Steps, d.step(blk))
	}
	return g
}

var matrixSchema = fromSchema(pschema.Matrix)

func (d *decoder) matrix(b *hclsyntax.Block) *model.Matrix {
	m := &model.Matrix{Range: toRange(b.Range())}
	attrs, _ := d.content(b.Body, b, &matrixSchema)
	for _, a := range attrs {
		switch a.Name {
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

// axes decodes axes = { python = ["3.11", "3.12"], os = ["linux"] } in source order.
func (d *decoder) axes(a *hclsyntax.Attribute) []*model.Axis {
	obj, ok := d.object(a, "a map of lists", `{ python = ["3.11", "3.12"] }`)
	if !ok {
		return nil
	}
	out := []*model.Axis{}
	seen := keys{}
	for _, item := range obj.Items {
		name, ok := d.objectKey(item.KeyExpr)
		if !ok || !d.uniqueKey(seen, name, item.KeyExpr.Range(), a.Name) {
			continue
		}
		tup, ok := item.ValueExpr.(*hclsyntax.TupleConsExpr)
		if !ok {
			d.wrongType(item.ValueExpr.Range(), name, "a list of values", `write an axis as NAME = ["a", "b"]`)
			continue
		}
		axis := &model.Axis{Name: name, NameRange: toRange(item.KeyExpr.Range()), Values: []*model.Value{}}
		for _, el := range tup.Exprs {
			if v, ok := d.value(name, el); ok && d.scalar(name, v) {
				axis.Values = append(axis.Values, v)
			}
		}
		out = append(out, axis)
	}
	return out
}

// cells decodes include/exclude = [{ python = "3.12", os = "linux" }, ...].
func (d *decoder) cells(a *hclsyntax.Attribute) []*model.MatrixCell {
	const want = "a list of maps"
	const example = `write %s = [{ python = "3.12" }]`
	tup, ok := a.Expr.(*hclsyntax.TupleConsExpr)
	if !ok {
		d.wrongType(a.Expr.Range(), a.Name, want, fmt.Sprintf(example, a.Name))
		return nil
	}
	out := []*model.MatrixCell{}
	for _, el := range tup.Exprs {
		obj, ok := el.(*hclsyntax.ObjectConsExpr)
		if !ok {
			d.wrongType(el.Range(), a.Name, want, fmt.Sprintf(example, a.Name))
			continue
		}
		entries, _ := d.entries(a.Name, obj)
		cell := &model.MatrixCell{Range: toRange(obj.Range()), Values: []*model.Entry{}}
		for _, e := range entries {
			if d.scalar(e.Key, e.Value) {
				cell.Values = append(cell.Values, e)
			}
		}
		out = append(out, cell)
	}
	return out
}

var serviceSchema = fromSchema(pschema.Service)

func (d *decoder) service(b *hclsyntax.Block) *model.Service {
	s := &model.Service{Name: b.Labels[0], NameRange: toRange(b.LabelRanges[0]), Range: toRange(b.Range())}
	attrs, _ := d.content(b.Body, b, &serviceSchema)
	for _, a := range attrs {
		switch a.Name {
		case "image":
			s.Image, _ = d.template(a.Name, a.Expr, false)
		case "env":
			s.Env = d.env(a)
		case "ports":
			s.Ports = d.intList(a)
		}
	}
	return s
}

var cacheSchema = fromSchema(pschema.Cache)

func (d *decoder) cache(b *hclsyntax.Block) *model.Cache {
	c := &model.Cache{Range: toRange(b.Range())}
	attrs, _ := d.content(b.Body, b, &cacheSchema)
	for _, a := range attrs {
		switch a.Name {
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

var artifactSchema = fromSchema(pschema.Artifact)

func (d *decoder) artifact(b *hclsyntax.Block) *model.Artifact {
	art := &model.Artifact{Name: b.Labels[0], NameRange: toRange(b.LabelRanges[0]), Range: toRange(b.Range())}
	attrs, _ := d.content(b.Body, b, &artifactSchema)
	for _, a := range attrs {
		switch a.Name {
		case "paths":
			art.Paths = d.stringList(a)
		case "expire_in":
			art.ExpireIn = d.duration(a)
		}
	}
	return art
}

var strategySchema = fromSchema(pschema.Strategy)

// strategy keeps its kind label as written; the compiler checks it and which attributes
// fit it.
func (d *decoder) strategy(b *hclsyntax.Block) *model.Strategy {
	s := &model.Strategy{Kind: b.Labels[0], KindRange: toRange(b.LabelRanges[0]), Range: toRange(b.Range())}
	attrs, _ := d.content(b.Body, b, &strategySchema)
	for _, a := range attrs {
		switch a.Name {
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

var nativeSchema = fromSchema(pschema.Native)

// native keeps the raw keys of an escape hatch as a map in source order.
func (d *decoder) native(b *hclsyntax.Block) *model.Native {
	n := &model.Native{Target: b.Labels[0], TargetRange: toRange(b.LabelRanges[0]), Range: toRange(b.Range())}
	attrs, _ := d.content(b.Body, b, &nativeSchema)
	body := &model.Value{Kind: model.KindMap, Map: []*model.Entry{}, Range: toRange(b.Body.SrcRange)}
	for _, a := range attrs {
		if v, ok := d.value(a.Name, a.Expr); ok {
			body.Map = append(body.Map, &model.Entry{Key: a.Name, KeyRange: toRange(a.NameRange), Value: v})
		}
	}
	n.Body = body
	return n
}
