package hcl

import (
	"fmt"
	"strings"
	"testing"

	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/expr"
	"github.com/pipec-dev/pipec/compile/model"
)

// mustParse decodes src and fails on any diagnostic.
func mustParse(t *testing.T, src string) *model.Pipeline {
	t.Helper()
	p, diags := Parse("pipeline.hcl", []byte(src))
	for _, d := range diags {
		t.Errorf("unexpected diagnostic: %v (%s)", d, d.Detail)
	}
	if p == nil {
		t.Fatal("no pipeline")
	}
	return p
}

func at(r diag.Range) string { return fmt.Sprintf("%d:%d", r.Start.Line, r.Start.Column) }

func strs(ss []model.String) string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = s.Value
	}
	return strings.Join(out, ",")
}

func eq[T comparable](t *testing.T, what string, got, want T) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

func TestLanguageExample(t *testing.T) {
	p := mustParse(t, languageExample(t))

	eq(t, "name", p.Name, "shop-api")
	eq(t, "name range", at(p.NameRange), "1:10")
	eq(t, "range", at(p.Range), "1:1")
	eq(t, "range end line", p.Range.End.Line, 137)
	eq(t, "description", p.Description, "Test, build and ship the shop API")

	t.Run("triggers", func(t *testing.T) {
		on := p.On
		eq(t, "push branches", strs(on.Push.Branches), "main,release/**")
		eq(t, "push tags", strs(on.Push.Tags), "v*")
		eq(t, "push paths", strs(on.Push.Paths), "src/**,tests/**")
		eq(t, "push paths_ignore", strs(on.Push.PathsIgnore), "docs/**")
		eq(t, "second branch at", at(on.Push.Branches[1].Range), "6:31")
		eq(t, "pull_request branches", strs(on.PullRequest.Branches), "main")
		eq(t, "schedules", len(on.Schedules), 1)
		eq(t, "schedule name", on.Schedules[0].Name, "weekly")
		eq(t, "cron", on.Schedules[0].Cron.Value, "0 2 * * 1")
		in := on.Manual.Inputs[0]
		eq(t, "input", in.Name, "force")
		eq(t, "input type", in.Type.Value, "boolean")
		eq(t, "input default kind", in.Default.Kind, model.KindBool)
		eq(t, "input default", in.Default.Bool, false)
	})

	eq(t, "env", len(p.Env), 1)
	eq(t, "env REGISTRY", p.Env[0].Name+"="+p.Env[0].Value.Text(), "REGISTRY=ghcr.io")
	eq(t, "defaults runner", p.Defaults.Runner.Class, "linux")
	eq(t, "defaults timeout", p.Defaults.Timeout.Seconds, int64(1800))
	eq(t, "defaults timeout text", p.Defaults.Timeout.Text, "30m")
	eq(t, "vault address", p.Vault.Address.Value, "https://vault.example.com")
	eq(t, "vault role", p.Vault.Role.Value, "shop-ci")
	eq(t, "vault audience", p.Vault.Audience.Value, "https://vault.example.com")

	t.Run("secrets and identities", func(t *testing.T) {
		eq(t, "secrets", len(p.Secrets), 2)
		eq(t, "codecov", p.Secrets[0].Name, "codecov_token")
		eq(t, "codecov has no vault", p.Secrets[0].Vault == nil, true)
		eq(t, "db_password path", p.Secrets[1].Vault.Path.Value, "secret/data/shop/db")
		eq(t, "db_password field", p.Secrets[1].Vault.Field.Value, "password")
		id := p.Identities[0]
		eq(t, "identity", id.Name, "aws_deploy")
		eq(t, "identity kind", id.Kind(), "aws")
		eq(t, "role_arn", id.AWS.RoleARN.Value, "arn:aws:iam::123456789012:role/shop-deploy")
		eq(t, "region", id.AWS.Region.Value, "us-east-1")
		eq(t, "audience", id.AWS.Audience == nil, true)
	})

	t.Run("environments", func(t *testing.T) {
		eq(t, "environments", len(p.Environments), 2)
		eq(t, "staging url", p.Environments[0].URL.Value, "https://staging.shop.example.com")
		eq(t, "staging approval", p.Environments[0].NeedsApproval(), false)
		eq(t, "production approval", p.Environments[1].NeedsApproval(), true)
		eq(t, "production branches", strs(p.Environments[1].Branches), "main")
	})

	var names []string
	for _, s := range p.Stages {
		names = append(names, s.Name)
	}
	eq(t, "stage order", strings.Join(names, ","), "lint,test,build,deploy-staging,deploy-production")

	t.Run("test stage", func(t *testing.T) {
		s := p.Stages[1]
		eq(t, "needs", strs(s.Needs), "lint")
		eq(t, "needs range", at(s.Needs[0].Range), "72:14")
		img := s.Image
		eq(t, "image parts", len(img.Parts), 3)
		eq(t, "image lit", img.Parts[0].Lit, "python:")
		eq(t, "image ref", img.Parts[1].Ref.String(), "matrix.python")
		eq(t, "image ref at", at(img.Parts[1].Ref.Range), "73:23")
		eq(t, "image tail", img.Parts[2].Lit, "-slim")
		m := s.Matrix
		eq(t, "axes", len(m.Axes), 1)
		eq(t, "axis", m.Axes[0].Name, "python")
		eq(t, "axis values", m.Axes[0].Values[0].Str+","+m.Axes[0].Values[1].Str, "3.11,3.12")
		eq(t, "fail_fast", m.FailFast != nil && !m.FailFast.Value, true)
		svc := s.Services[0]
		eq(t, "service", svc.Name+" "+svc.Image.Text(), "postgres postgres:16-alpine")
		eq(t, "service env", svc.Env[0].Name+"="+svc.Env[0].Value.Text(), "POSTGRES_PASSWORD=test")
		eq(t, "cache paths", strs(s.Cache.Paths), "~/.cache/pip")
		eq(t, "cache key_files", strs(s.Cache.KeyFiles), "requirements*.txt")
		eq(t, "steps", s.Steps[0].Name+","+s.Steps[1].Name, "install,test")
		env := s.Steps[1].Env
		eq(t, "env order", env[0].Name+","+env[1].Name, "DATABASE_URL,CODECOV_TOKEN")
		eq(t, "literal env", env[0].Value.IsLiteral(), true)
		eq(t, "bare reference", env[1].Value.Parts[0].Ref.String(), "secret.codecov_token")
		eq(t, "bare reference at", at(env[1].Value.Parts[0].Ref.Range), "93:25")
		eq(t, "env var name at", at(env[1].NameRange), "93:9")
		art := s.Artifacts[0]
		eq(t, "artifact", art.Name+" "+strs(art.Paths), "coverage coverage.xml")
		eq(t, "expire_in", art.ExpireIn.Days(), int64(7))
	})

	t.Run("build stage", func(t *testing.T) {
		s := p.Stages[2]
		eq(t, "when", s.When.String(), `(ci.branch == "main") && (ci.event == "push")`)
		eq(t, "when at", at(s.When.Range()), "104:13")
		refs := expr.Refs(s.When)
		eq(t, "when second ref at", at(refs[1].Range), "104:36")
		run := s.Steps[0].Run
		eq(t, "run text", run.Text(), "docker build -t $REGISTRY/shop:${ci.commit_sha} . && docker push $REGISTRY/shop:${ci.commit_sha}")
		eq(t, "run parts", len(run.Parts), 4)
		eq(t, "run lit", run.Parts[0].Lit, "docker build -t $REGISTRY/shop:")
		eq(t, "commit_sha", run.Parts[1].Ref.String(), "ci.commit_sha")
		eq(t, "commit_sha at", at(run.Parts[1].Ref.Range), "106:47")
		eq(t, "commit_sha end", run.Parts[1].Ref.Range.End.Column, 60)
		eq(t, "run range", at(run.Range), "106:13")
	})

	t.Run("deploy stages", func(t *testing.T) {
		st := p.Stages[3]
		eq(t, "environment", st.Environment.Value, "staging")
		eq(t, "identity", st.Identity.Value, "aws_deploy")
		eq(t, "secret ref", st.Steps[0].Env[0].Value.Refs()[0].String(), "secret.db_password")
		pr := p.Stages[4]
		eq(t, "strategy", pr.Strategy.Kind, "canary")
		eq(t, "strategy kind at", at(pr.Strategy.KindRange), "124:14")
		eq(t, "increments", len(pr.Strategy.Increments), 2)
		eq(t, "increments", fmt.Sprint(pr.Strategy.Increments[0].Value, pr.Strategy.Increments[1].Value), "10 50")
		eq(t, "verify", pr.Verify.Steps[0].Name, "error-rate")
		eq(t, "rollback", pr.Rollback.Steps[0].Name, "undo")
		eq(t, "rollback run", pr.Rollback.Steps[0].Run.Text(), "kubectl rollout undo deployment/shop")
		eq(t, "switch", pr.Switch == nil, true)
		eq(t, "weight ref", pr.Steps[0].Run.Refs()[0].String(), "deploy.weight")
	})
}

// TestForeignSyntax: HCL reads "${{ github.sha }}" as an interpolation of an object and
// reports a missing "=" at its end; pipec names the platform syntax instead, over the
// whole ${{ ... }}, as the other front ends do. $${{ is a literal and stays one.
func TestForeignSyntax(t *testing.T) {
	src := "pipeline \"p\" {\n  stage \"s\" {\n    step \"a\" {\n      run = \"echo é ${{ github.sha }}\"\n    }\n  }\n}\n"
	_, ds := Parse("pipeline.hcl", []byte(src))
	if len(ds) != 1 || ds[0].Code != "bad-reference" || ds[0].Summary != expr.ForeignSyntax || at(ds[0].Subject) != "4:21" || ds[0].Subject.End.Column != 38 {
		t.Errorf("got %v", ds)
	}
	p, ds := Parse("pipeline.hcl", []byte(strings.Replace(src, "${{", "$${{", 1)))
	if ds.HasErrors() || p == nil || p.Stages[0].Steps[0].Run.Literal() != "echo é ${{ github.sha }}" {
		t.Errorf("literal: %v", ds)
	}
}
