package cue

import (
	"fmt"
	"strings"

	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/model"
	pschema "github.com/pipec-dev/pipec/schema"
)

// decoder carries the files being decoded and collects diagnostics.
type decoder struct {
	srcs  sources
	first string // the first file: where file-level problems point
	diags diag.Diagnostics
	// shapeErrs holds the paths of values the decoder reported a shape error for, so the
	// same error from CUE's schema check is not reported twice.
	shapeErrs map[string]bool
}

func (d *decoder) errorf(r diag.Range, code, detail, format string, args ...any) *diag.Diagnostic {
	return d.diags.Errorf(r, code, detail, format, args...)
}

// shapeErr reports a shape error about the value at path.
func (d *decoder) shapeErr(n *node, r diag.Range, code, detail, format string, args ...any) *diag.Diagnostic {
	if d.shapeErrs == nil {
		d.shapeErrs = map[string]bool{}
	}
	d.shapeErrs[n.path] = true
	return d.errorf(r, code, detail, format, args...)
}

// block is one block of the HCL language as this front end sees it: a struct, with the
// label it is keyed by and where that label is written.
type block struct {
	typ      string
	label    string
	labelRng diag.Range // the label, or the block's name for an unlabeled block
	body     *node
}

// describe names a block in messages as the HCL front end does: `stage "build"`, `matrix`.
func (b *block) describe() string {
	if b == nil {
		return "the file"
	}
	if b.label != "" {
		return fmt.Sprintf("%s %q", b.typ, b.label)
	}
	return b.typ
}

func (b *block) rng() diag.Range {
	r := b.body.rng
	if r.IsZero() || r.Start.Line == 0 {
		return b.labelRng
	}
	return r
}

// content checks a block's body against s, as the HCL front end's content does: unknown
// names (with "did you mean"), missing required attributes, the shape of labeled blocks,
// repeated single blocks. It returns the attributes and blocks, in the order written.
func (d *decoder) content(owner *block, n *node, s *pschema.Body) ([]*field, []*block) {
	where := owner.describe()
	if n.kind == kBad {
		return nil, nil
	}
	if n.kind != kStruct {
		d.shapeErr(n, n.rng, "wrong-type", fmt.Sprintf("write %s: { ... }", owner.typ), "%q must be a struct", owner.typ)
		return nil, nil
	}
	var attrs []*field
	var blocks []*block
	have := map[string]bool{}
	for _, f := range n.fields {
		if s.AnyAttrs {
			attrs = append(attrs, f)
			continue
		}
		if _, ok := s.Attr(f.name); ok {
			attrs = append(attrs, f)
			have[f.name] = true
			continue
		}
		bt, ok := s.Block(f.name)
		if !ok {
			d.unknown(f, where, s)
			continue
		}
		blocks = append(blocks, d.blocksOf(f, bt, where)...)
	}
	for _, name := range s.Required() {
		if !have[name] {
			r := owner.labelRng
			if owner == nil || r.IsZero() {
				r = n.rng
			}
			d.errorf(r, "missing-attribute", fmt.Sprintf("%s must set %q", where, name),
				"missing attribute %q in %s", name, where)
		}
	}
	return attrs, blocks
}

// blocksOf expands a block field: `matrix: {...}` is one block, `step: {a: {...}, b:
// {...}}` is one block per label, in order.
func (d *decoder) blocksOf(f *field, bt pschema.Block, where string) []*block {
	v := f.val
	if v.kind == kBad {
		return nil
	}
	if bt.Label == "" {
		if v.kind != kStruct {
			d.shapeErr(v, v.rng, "wrong-type", fmt.Sprintf("write %s: { ... }", bt.Name), "%q must be a struct", bt.Name)
			return nil
		}
		return []*block{{typ: bt.Name, labelRng: f.nameRng, body: v}}
	}
	label := strings.ToUpper(bt.Label)
	if v.kind != kStruct {
		d.shapeErr(v, v.rng, "wrong-type", fmt.Sprintf("write %s: %s: { ... }, one field per %s", bt.Name, label, bt.Label),
			"%q must be a struct of %ss", bt.Name, bt.Label)
		return nil
	}
	var out []*block
	for i, lf := range v.fields {
		if lf.val.kind == kBad {
			continue
		}
		if lf.val.kind != kStruct {
			d.shapeErr(lf.val, lf.val.rng, "wrong-type", fmt.Sprintf("write %s: %s: { ... }", bt.Name, lf.name),
				"%s %q must be a struct", bt.Name, lf.name)
			continue
		}
		if bt.Single && i > 0 {
			dd := d.shapeErr(lf.val, lf.nameRng, "duplicate-block",
				fmt.Sprintf("%s takes one %q block; merge them", where, bt.Name),
				"duplicate %q block in %s", bt.Name, where)
			dd.Related = append(dd.Related, diag.Note{Message: "first declared here", Subject: v.fields[0].nameRng})
			continue
		}
		out = append(out, &block{typ: bt.Name, label: lf.name, labelRng: lf.nameRng, body: lf.val})
	}
	return out
}

// unknown reports a field the body does not have, with HCL's codes: a struct value reads
// as a block, anything else as an attribute. The suggestion looks at both kinds of names,
// since CUE writes both alike.
func (d *decoder) unknown(f *field, where string, s *pschema.Body) {
	all := append(s.AttrNames(), s.BlockNames()...)
	code, what, own := "unknown-attribute", "attribute", s.AttrNames()
	if f.val.kind == kStruct {
		code, what, own = "unknown-block", "block", s.BlockNames()
	}
	detail := diag.DidYouMean(f.name, own)
	if detail == "" {
		detail = diag.DidYouMean(f.name, all)
	}
	if detail == "" {
		if len(all) == 0 {
			detail = fmt.Sprintf("%s takes no fields", where)
		} else {
			detail = fmt.Sprintf("%s accepts %s", where, diag.List(all))
		}
	}
	d.shapeErr(f.val, f.nameRng, code, detail, "unknown %s %q in %s", what, f.name, where)
}

// file finds the one pipeline.
func (d *decoder) file(root *node) *model.Pipeline {
	_, blocks := d.content(nil, root, pschema.File)
	if len(blocks) == 0 {
		d.errorf(fileStart(d.first), "missing-pipeline",
			`a spec holds one pipeline: pipeline: "NAME": { ... }`, "no pipeline in the file")
		return nil
	}
	for _, extra := range blocks[1:] {
		dd := d.errorf(extra.labelRng, "multiple-pipelines",
			"a spec holds exactly one pipeline; put each pipeline in its own file",
			"more than one pipeline block in the file")
		dd.Related = append(dd.Related, diag.Note{Message: "first declared here", Subject: blocks[0].labelRng})
	}
	return d.pipeline(blocks[0])
}

func (d *decoder) pipeline(b *block) *model.Pipeline {
	p := &model.Pipeline{Name: b.label, NameRange: b.labelRng, Range: b.rng()}
	attrs, blocks := d.content(b, b.body, pschema.Pipeline)
	for _, a := range attrs {
		switch a.name {
		case "description":
			p.Description = d.strValue(a)
		case "env":
			p.Env = d.env(a)
		}
	}
	for _, blk := range blocks {
		switch blk.typ {
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

func (d *decoder) triggers(b *block) *model.Triggers {
	t := &model.Triggers{Range: b.rng()}
	_, blocks := d.content(b, b.body, pschema.Triggers)
	for _, blk := range blocks {
		switch blk.typ {
		case "push":
			p := &model.Push{Range: blk.rng()}
			attrs, _ := d.content(blk, blk.body, pschema.Push)
			for _, a := range attrs {
				switch a.name {
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
			t.Push = p
		case "pull_request":
			p := &model.PullRequest{Range: blk.rng()}
			attrs, _ := d.content(blk, blk.body, pschema.PullRequest)
			for _, a := range attrs {
				switch a.name {
				case "branches":
					p.Branches = d.stringList(a)
				case "paths":
					p.Paths = d.stringList(a)
				case "paths_ignore":
					p.PathsIgnore = d.stringList(a)
				}
			}
			t.PullRequest = p
		case "schedule":
			s := &model.Schedule{Name: blk.label, NameRange: blk.labelRng, Range: blk.rng()}
			attrs, _ := d.content(blk, blk.body, pschema.Schedule)
			for _, a := range attrs {
				if a.name == "cron" {
					s.Cron, _ = d.str(a)
				}
			}
			t.Schedules = append(t.Schedules, s)
		case "manual":
			m := &model.Manual{Range: blk.rng()}
			_, inputs := d.content(blk, blk.body, pschema.Manual)
			for _, in := range inputs {
				m.Inputs = append(m.Inputs, d.input(in))
			}
			t.Manual = m
		}
	}
	return t
}

func (d *decoder) input(b *block) *model.Input {
	in := &model.Input{Name: b.label, NameRange: b.labelRng, Range: b.rng()}
	attrs, _ := d.content(b, b.body, pschema.Input)
	for _, a := range attrs {
		switch a.name {
		case "type":
			in.Type, _ = d.str(a)
		case "default":
			in.Default, _ = d.value(a.name, a.val)
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

func (d *decoder) defaults(b *block) *model.Defaults {
	def := &model.Defaults{Range: b.rng()}
	attrs, _ := d.content(b, b.body, pschema.Defaults)
	for _, a := range attrs {
		switch a.name {
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

func (d *decoder) vault(b *block) *model.Vault {
	v := &model.Vault{Range: b.rng()}
	attrs, _ := d.content(b, b.body, pschema.Vault)
	for _, a := range attrs {
		switch a.name {
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

func (d *decoder) secret(b *block) *model.Secret {
	s := &model.Secret{Name: b.label, NameRange: b.labelRng, Range: b.rng()}
	_, blocks := d.content(b, b.body, pschema.Secret)
	for _, blk := range blocks {
		v := &model.SecretVault{Range: blk.rng()}
		attrs, _ := d.content(blk, blk.body, pschema.SecretVault)
		for _, a := range attrs {
			switch a.name {
			case "path":
				v.Path, _ = d.str(a)
			case "field":
				v.Field, _ = d.str(a)
			}
		}
		s.Vault = v
	}
	return s
}

func (d *decoder) environment(b *block) *model.Environment {
	e := &model.Environment{Name: b.label, NameRange: b.labelRng, Range: b.rng()}
	attrs, _ := d.content(b, b.body, pschema.Environment)
	for _, a := range attrs {
		switch a.name {
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

// identity decodes an OIDC identity, which names exactly one provider.
func (d *decoder) identity(b *block) *model.Identity {
	id := &model.Identity{Name: b.label, NameRange: b.labelRng, Range: b.rng()}
	attrs, blocks := d.content(b, b.body, pschema.Identity)
	for _, a := range attrs {
		if a.name == "service_connection" {
			id.ServiceConnection = d.strPtr(a)
		}
	}
	if len(blocks) == 0 {
		d.errorf(b.labelRng, "identity-provider", "set exactly one of aws, gcp, azure or oidc",
			"identity %q names no provider", id.Name)
		return id
	}
	for _, extra := range blocks[1:] {
		dd := d.errorf(extra.labelRng, "identity-provider",
			"an identity is one of aws, gcp, azure or oidc; declare another identity for the other cloud",
			"identity %q names more than one provider", id.Name)
		dd.Related = append(dd.Related, diag.Note{Message: "first declared here", Subject: blocks[0].labelRng})
	}
	p := blocks[0]
	strs := func(body *pschema.Body, set map[string]func(*field)) {
		attrs, _ := d.content(p, p.body, body)
		for _, a := range attrs {
			if f := set[a.name]; f != nil {
				f(a)
			}
		}
	}
	switch p.typ {
	case "aws":
		x := &model.AWSIdentity{Range: p.rng()}
		strs(pschema.AWS, map[string]func(*field){
			"role_arn": func(a *field) { x.RoleARN, _ = d.str(a) },
			"region":   func(a *field) { x.Region, _ = d.str(a) },
			"audience": func(a *field) { x.Audience = d.strPtr(a) },
		})
		id.AWS = x
	case "gcp":
		x := &model.GCPIdentity{Range: p.rng()}
		strs(pschema.GCP, map[string]func(*field){
			"workload_identity_provider": func(a *field) { x.WorkloadIdentityProvider, _ = d.str(a) },
			"service_account":            func(a *field) { x.ServiceAccount, _ = d.str(a) },
			"audience":                   func(a *field) { x.Audience = d.strPtr(a) },
		})
		id.GCP = x
	case "azure":
		x := &model.AzureIdentity{Range: p.rng()}
		strs(pschema.Azure, map[string]func(*field){
			"client_id":       func(a *field) { x.ClientID, _ = d.str(a) },
			"tenant_id":       func(a *field) { x.TenantID, _ = d.str(a) },
			"subscription_id": func(a *field) { x.SubscriptionID = d.strPtr(a) },
		})
		id.Azure = x
	case "oidc":
		x := &model.OIDCIdentity{Range: p.rng()}
		strs(pschema.OIDC, map[string]func(*field){
			"audience": func(a *field) { x.Audience, _ = d.str(a) },
			"env":      func(a *field) { x.Env, _ = d.str(a) },
		})
		id.OIDC = x
	}
	return id
}
