package hcl

import (
	"github.com/hashicorp/hcl/v2/hclsyntax"
	pschema "github.com/pipec-dev/pipec/schema"

	"github.com/pipec-dev/pipec/compile/model"
)

// This file decodes the file and the pipeline's top-level blocks; stage.go decodes stages.

var fileSchema = fromSchema(pschema.File)

// file finds the one pipeline block.
func (d *decoder) file(body *hclsyntax.Body) *model.Pipeline {
	_, blocks := d.content(body, nil, &fileSchema)
	if len(blocks) == 0 {
		if !hasBlock(body, "pipeline") { // a pipeline without its name was reported already
			d.diags.Errorf(fileStart(d.filename), "missing-pipeline",
				`a spec holds one pipeline "NAME" { ... } block`, "no pipeline block in the file")
		}
		return nil
	}
	for _, extra := range blocks[1:] {
		dd := d.errorf(extra.DefRange(), "multiple-pipelines",
			"a spec holds exactly one pipeline; put each pipeline in its own file",
			"more than one pipeline block in the file")
		firstHere(dd, blocks[0].DefRange())
	}
	return d.pipeline(blocks[0])
}

func hasBlock(body *hclsyntax.Body, typ string) bool {
	for _, b := range body.Blocks {
		if b.Type == typ {
			return true
		}
	}
	return false
}

var pipelineSchema = fromSchema(pschema.Pipeline)

func (d *decoder) pipeline(b *hclsyntax.Block) *model.Pipeline {
	p := &model.Pipeline{Name: b.Labels[0], NameRange: toRange(b.LabelRanges[0]), Range: toRange(b.Range())}
	attrs, blocks := d.content(b.Body, b, &pipelineSchema)
	for _, a := range attrs {
		switch a.Name {
		case "description":
			p.Description = d.strValue(a)
		case "env":
			p.Env = d.env(a)
		}
	}
	for _, blk := range blocks {
		switch blk.Type {
		case "on":
			p.On = d.triggers(blk)
		case "defaults":
			p.Defaults = d.defaults(blk)
		case "vault":
			p.Vault = d.vault(blk)
		case "secret":
			p.Secrets = append(p.Secrets, d.secret(blk))
		case "identity":
			p.Identities = append(p.Identities, d.identity(blk))
		case "environment":
			p.Environments = append(p.Environments, d.environment(blk))
		case "stage":
			p.Stages = append(p.Stages, d.stage(blk))
		}
	}
	return p
}

var triggersSchema = fromSchema(pschema.Triggers)

func (d *decoder) triggers(b *hclsyntax.Block) *model.Triggers {
	t := &model.Triggers{Range: toRange(b.Range())}
	_, blocks := d.content(b.Body, b, &triggersSchema)
	for _, blk := range blocks {
		switch blk.Type {
		case "push":
			t.Push = d.push(blk)
		case "pull_request":
			t.PullRequest = d.pullRequest(blk)
		case "schedule":
			t.Schedules = append(t.Schedules, d.schedule(blk))
		case "manual":
			t.Manual = d.manual(blk)
		}
	}
	return t
}

var pushSchema = fromSchema(pschema.Push)

func (d *decoder) push(b *hclsyntax.Block) *model.Push {
	p := &model.Push{Range: toRange(b.Range())}
	attrs, _ := d.content(b.Body, b, &pushSchema)
	for _, a := range attrs {
		switch a.Name {
		case "branches":
			p.Branches = d.stringList(a)
		case "tags":
			p.Tags = d.stringList(a)
		case "paths":
			p.Paths = d.stringList(a)
		case "paths_ignore":
			p.PathsIgnore = d.stringList(a)
		}
	}
	return p
}

var pullRequestSchema = fromSchema(pschema.PullRequest)

func (d *decoder) pullRequest(b *hclsyntax.Block) *model.PullRequest {
	p := &model.PullRequest{Range: toRange(b.Range())}
	attrs, _ := d.content(b.Body, b, &pullRequestSchema)
	for _, a := range attrs {
		switch a.Name {
		case "branches":
			p.Branches = d.stringList(a)
		case "paths":
			p.Paths = d.stringList(a)
		case "paths_ignore":
			p.PathsIgnore = d.stringList(a)
		}
	}
	return p
}

var scheduleSchema = fromSchema(pschema.Schedule)

func (d *decoder) schedule(b *hclsyntax.Block) *model.Schedule {
	s := &model.Schedule{Name: b.Labels[0], NameRange: toRange(b.LabelRanges[0]), Range: toRange(b.Range())}
	attrs, _ := d.content(b.Body, b, &scheduleSchema)
	for _, a := range attrs {
		if a.Name == "cron" {
			s.Cron, _ = d.str(a)
		}
	}
	return s
}

var manualSchema = fromSchema(pschema.Manual)

func (d *decoder) manual(b *hclsyntax.Block) *model.Manual {
	m := &model.Manual{Range: toRange(b.Range())}
	_, blocks := d.content(b.Body, b, &manualSchema)
	for _, blk := range blocks {
		m.Inputs = append(m.Inputs, d.input(blk))
	}
	return m
}

var inputSchema = fromSchema(pschema.Input)

func (d *decoder) input(b *hclsyntax.Block) *model.Input {
	in := &model.Input{Name: b.Labels[0], NameRange: toRange(b.LabelRanges[0]), Range: toRange(b.Range())}
	attrs, _ := d.content(b.Body, b, &inputSchema)
	for _, a := range attrs {
		switch a.Name {
		case "type":
			in.Type, _ = d.str(a)
		case "default":
			in.Default, _ = d.value(a.Name, a.Expr)
		case "options":
			in.Options = d.stringList(a)
		case "description":
			in.Description = d.strValue(a)
		case "required":
			in.Required = d.boolValue(a)
		}
	}
	return in
}

var defaultsSchema = fromSchema(pschema.Defaults)

func (d *decoder) defaults(b *hclsyntax.Block) *model.Defaults {
	def := &model.Defaults{Range: toRange(b.Range())}
	attrs, _ := d.content(b.Body, b, &defaultsSchema)
	for _, a := range attrs {
		switch a.Name {
		case "runner":
			def.Runner = d.runner(a)
		case "image":
			def.Image = d.templatePtr(a)
		case "timeout":
			def.Timeout = d.duration(a)
		case "retries":
			def.Retries = d.intPtr(a)
		}
	}
	return def
}

var vaultSchema = fromSchema(pschema.Vault)

func (d *decoder) vault(b *hclsyntax.Block) *model.Vault {
	v := &model.Vault{Range: toRange(b.Range())}
	attrs, _ := d.content(b.Body, b, &vaultSchema)
	for _, a := range attrs {
		switch a.Name {
		case "address":
			v.Address, _ = d.str(a)
		case "role":
			v.Role, _ = d.str(a)
		case "audience":
			v.Audience, _ = d.str(a)
		case "auth_path":
			v.AuthPath, _ = d.str(a)
		case "service_connection":
			v.ServiceConnection = d.strPtr(a)
		}
	}
	return v
}

var secretSchema = fromSchema(pschema.Secret)

func (d *decoder) secret(b *hclsyntax.Block) *model.Secret {
	s := &model.Secret{Name: b.Labels[0], NameRange: toRange(b.LabelRanges[0]), Range: toRange(b.Range())}
	_, blocks := d.content(b.Body, b, &secretSchema)
	for _, blk := range blocks {
		s.Vault = d.secretVault(blk)
	}
	return s
}

var secretVaultSchema = fromSchema(pschema.SecretVault)

func (d *decoder) secretVault(b *hclsyntax.Block) *model.SecretVault {
	v := &model.SecretVault{Range: toRange(b.Range())}
	attrs, _ := d.content(b.Body, b, &secretVaultSchema)
	for _, a := range attrs {
		switch a.Name {
		case "path":
			v.Path, _ = d.str(a)
		case "field":
			v.Field, _ = d.str(a)
		}
	}
	return v
}

var environmentSchema = fromSchema(pschema.Environment)

func (d *decoder) environment(b *hclsyntax.Block) *model.Environment {
	e := &model.Environment{Name: b.Labels[0], NameRange: toRange(b.LabelRanges[0]), Range: toRange(b.Range())}
	attrs, _ := d.content(b.Body, b, &environmentSchema)
	for _, a := range attrs {
		switch a.Name {
		case "url":
			e.URL = d.strPtr(a)
		case "approval":
			e.Approval = d.boolPtr(a)
		case "branches":
			e.Branches = d.stringList(a)
		}
	}
	return e
}
