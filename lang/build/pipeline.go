package build

import (
	"fmt"

	"github.com/pipec-dev/pipec/compile/model"
	"github.com/pipec-dev/pipec/schema"
)

// Pipeline builds the model of a pipeline block.
func Pipeline[A, B any](r Reader[A, B], b B) *model.Pipeline {
	return builder[A, B]{r}.pipeline(b)
}

func (m builder[A, B]) pipeline(b B) *model.Pipeline {
	r := m.r
	name, nameRng := r.Label(b)
	p := &model.Pipeline{Name: name, NameRange: nameRng, Range: r.BlockRange(b)}
	attrs, blocks := r.Content(b, schema.Pipeline)
	for a := range m.read(b, attrs) {
		switch r.AttrName(a) {
		case "description":
			p.Description = r.StrValue(a)
		case "env":
			p.Env = r.Env(a)
		}
	}
	read := m.stagesAtOnce(blocks)
	for i, blk := range blocks {
		if read != nil && read[i].read {
			p.Stages = append(p.Stages, read[i].stage)
			r.(Forker[A, B]).Report(read[i].diags)
			continue
		}
		switch r.BlockType(blk) {
		case "on":
			p.On = m.triggers(blk)
		case "defaults":
			p.Defaults = m.defaults(blk)
		case "vault":
			p.Vault = m.vault(blk)
		case "secret":
			p.Secrets = append(p.Secrets, m.secret(blk))
		case "identity":
			p.Identities = append(p.Identities, m.identity(blk))
		case "environment":
			p.Environments = append(p.Environments, m.environment(blk))
		case "stage":
			p.Stages = append(p.Stages, m.stage(blk))
		}
	}
	return p
}

func (m builder[A, B]) triggers(b B) *model.Triggers {
	r := m.r
	t := &model.Triggers{Range: r.BlockRange(b)}
	_, blocks := r.Content(b, schema.Triggers)
	for _, blk := range blocks {
		switch r.BlockType(blk) {
		case "push":
			t.Push = m.push(blk)
		case "pull_request":
			t.PullRequest = m.pullRequest(blk)
		case "schedule":
			t.Schedules = append(t.Schedules, m.schedule(blk))
		case "manual":
			t.Manual = m.manual(blk)
		}
	}
	return t
}

func (m builder[A, B]) push(b B) *model.Push {
	r := m.r
	p := &model.Push{Range: r.BlockRange(b)}
	attrs, _ := r.Content(b, schema.Push)
	for a := range m.read(b, attrs) {
		switch r.AttrName(a) {
		case "branches":
			p.Branches = m.filter(a, "push", `"main"`)
		case "tags":
			p.Tags = m.filter(a, "push", `"v*"`)
		case "paths":
			p.Paths = m.filter(a, "push", `"src/**"`)
		case "paths_ignore":
			p.PathsIgnore = r.StringList(a)
		}
	}
	return p
}

func (m builder[A, B]) pullRequest(b B) *model.PullRequest {
	r := m.r
	p := &model.PullRequest{Range: r.BlockRange(b)}
	attrs, _ := r.Content(b, schema.PullRequest)
	for a := range m.read(b, attrs) {
		switch r.AttrName(a) {
		case "branches":
			p.Branches = m.filter(a, "pull_request", `"main"`)
		case "paths":
			p.Paths = m.filter(a, "pull_request", `"src/**"`)
		case "paths_ignore":
			p.PathsIgnore = r.StringList(a)
		}
	}
	return p
}

func (m builder[A, B]) schedule(b B) *model.Schedule {
	r := m.r
	name, nameRng := r.Label(b)
	s := &model.Schedule{Name: name, NameRange: nameRng, Range: r.BlockRange(b)}
	attrs, _ := r.Content(b, schema.Schedule)
	for a := range m.read(b, attrs) {
		if r.AttrName(a) == "cron" {
			s.Cron, _ = r.Str(a)
		}
	}
	return s
}

func (m builder[A, B]) manual(b B) *model.Manual {
	r := m.r
	man := &model.Manual{Range: r.BlockRange(b)}
	_, blocks := r.Content(b, schema.Manual)
	for _, blk := range blocks {
		man.Inputs = append(man.Inputs, m.input(blk))
	}
	return man
}

func (m builder[A, B]) input(b B) *model.Input {
	r := m.r
	name, nameRng := r.Label(b)
	in := &model.Input{Name: name, NameRange: nameRng, Range: r.BlockRange(b)}
	attrs, _ := r.Content(b, schema.Input)
	for a := range m.read(b, attrs) {
		switch r.AttrName(a) {
		case "type":
			in.Type, _ = r.Str(a)
		case "default":
			in.Default, _ = r.Value(a)
		case "options":
			in.Options = r.StringList(a)
		case "description":
			in.Description = r.StrValue(a)
		case "required":
			in.Required = r.BoolValue(a)
		}
	}
	return in
}

func (m builder[A, B]) defaults(b B) *model.Defaults {
	r := m.r
	def := &model.Defaults{Range: r.BlockRange(b)}
	attrs, _ := r.Content(b, schema.Defaults)
	for a := range m.read(b, attrs) {
		switch r.AttrName(a) {
		case "runner":
			def.Runner = r.Runner(a)
		case "image":
			def.Image = r.TemplatePtr(a)
		case "timeout":
			def.Timeout = r.Duration(a)
		case "retries":
			def.Retries = r.IntPtr(a)
		}
	}
	return def
}

func (m builder[A, B]) vault(b B) *model.Vault {
	r := m.r
	v := &model.Vault{Range: r.BlockRange(b)}
	attrs, _ := r.Content(b, schema.Vault)
	for a := range m.read(b, attrs) {
		switch r.AttrName(a) {
		case "address":
			v.Address, _ = r.Str(a)
		case "role":
			v.Role, _ = r.Str(a)
		case "audience":
			v.Audience, _ = r.Str(a)
		case "auth_path":
			v.AuthPath, _ = r.Str(a)
		case "service_connection":
			v.ServiceConnection = r.StrPtr(a)
		}
	}
	return v
}

func (m builder[A, B]) secret(b B) *model.Secret {
	r := m.r
	name, nameRng := r.Label(b)
	s := &model.Secret{Name: name, NameRange: nameRng, Range: r.BlockRange(b)}
	_, blocks := r.Content(b, schema.Secret)
	for _, blk := range blocks {
		v := &model.SecretVault{Range: r.BlockRange(blk)}
		attrs, _ := r.Content(blk, schema.SecretVault)
		for a := range m.read(blk, attrs) {
			switch r.AttrName(a) {
			case "path":
				v.Path, _ = r.Str(a)
			case "field":
				v.Field, _ = r.Str(a)
			}
		}
		s.Vault = v
	}
	return s
}

func (m builder[A, B]) environment(b B) *model.Environment {
	r := m.r
	name, nameRng := r.Label(b)
	e := &model.Environment{Name: name, NameRange: nameRng, Range: r.BlockRange(b)}
	attrs, _ := r.Content(b, schema.Environment)
	for a := range m.read(b, attrs) {
		switch r.AttrName(a) {
		case "url":
			e.URL = r.StrPtr(a)
		case "approval":
			e.Approval = r.BoolPtr(a)
		case "branches":
			e.Branches = m.filter(a, fmt.Sprintf("environment %q", name), `"main"`)
		}
	}
	return e
}

// filter reads a list of globs that filters runs (a trigger's branches, tags or paths) or
// deployments (an environment's branches). Every platform reads an empty list as no
// filter, matching everything: the opposite of what the list says, so it is an error,
// and the attribute is read as left out.
func (m builder[A, B]) filter(a A, in, example string) []model.String {
	r := m.r
	from := r.Mark()
	globs := r.StringList(a)
	if globs != nil && len(globs) == 0 && r.Mark() == from {
		name := r.AttrName(a)
		r.Errorf(r.AttrNameRange(a), "empty-filter",
			fmt.Sprintf("name at least one glob, such as %s, or leave %s out: an empty list would be read as no filter, not as one that matches nothing", example, name),
			"%q of %s is an empty list", name, in)
		return nil
	}
	return globs
}
