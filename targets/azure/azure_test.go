package azure

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"

	"github.com/pipec-dev/pipec/compile"
	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/model"
	"github.com/pipec-dev/pipec/lang/hcl"
)

func plan(t *testing.T, src string) *compile.Plan {
	t.Helper()
	m, ds := hcl.Parse("p.hcl", []byte(src))
	if ds.HasErrors() {
		t.Fatal(ds[0])
	}
	p, ds := compile.Compile(m, "p.hcl")
	if ds.HasErrors() {
		t.Fatal(ds[0])
	}
	return p
}

// emit compiles src for Azure and returns the YAML as a tree, the text and the
// diagnostics; it fails the test on an error diagnostic.
func emit(t *testing.T, src string) (map[string]any, string, diag.Diagnostics) {
	t.Helper()
	out, ds := Target{}.Emit(plan(t, src))
	if ds.HasErrors() {
		t.Fatalf("unexpected errors: %v", ds)
	}
	var doc map[string]any
	if err := yaml.Unmarshal(out, &doc); err != nil {
		t.Fatalf("output is not YAML: %v\n%s", err, out)
	}
	return doc, string(out), ds
}

// emitErrors compiles src for Azure and returns its diagnostics, which must hold errors.
func emitErrors(t *testing.T, src string) diag.Diagnostics {
	t.Helper()
	out, ds := Target{}.Emit(plan(t, src))
	if !ds.HasErrors() || out != nil {
		t.Fatalf("want errors and no output, got %v\n%s", ds, out)
	}
	return ds
}

// get walks a YAML tree: map keys and list indexes.
func get(t *testing.T, v any, path ...any) any {
	t.Helper()
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				t.Fatalf("at %q: not a map: %#v", k, v)
			}
			if v, ok = m[k]; !ok {
				t.Fatalf("no key %q in %v", k, keys(m))
			}
		case int:
			l, ok := v.([]any)
			if !ok || k >= len(l) {
				t.Fatalf("at [%d]: not a long enough list: %#v", k, v)
			}
			v = l[k]
		}
	}
	return v
}

func keys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// stage finds an Azure stage by name.
func stage(t *testing.T, doc map[string]any, name string) map[string]any {
	t.Helper()
	for _, s := range get(t, doc, "stages").([]any) {
		if s.(map[string]any)["stage"] == name {
			return s.(map[string]any)
		}
	}
	t.Fatalf("no stage %q", name)
	return nil
}

// findDiag returns the diagnostic with code, or fails.
func findDiag(t *testing.T, ds diag.Diagnostics, code string) *diag.Diagnostic {
	t.Helper()
	for _, d := range ds {
		if d.Code == code {
			return d
		}
	}
	t.Fatalf("no %s diagnostic in %v", code, ds)
	return nil
}

const strategies = `pipeline "p" {
  on {
    push { branches = ["main"] }
  }
  identity "cloud" {
    service_connection = "prod-connection"
    aws {
      role_arn = "arn:aws:iam::123456789012:role/r"
      region   = "eu-west-1"
    }
  }
  environment "prod" {}
  stage "canary" {
    environment = "prod"
    identity    = "cloud"
    strategy "canary" {
      increments = [10, 50]
    }
    step "shift" { run = "./shift --weight ${deploy.weight}" }
    verify {
      step "check" { run = "./check ${deploy.weight}" }
    }
    rollback {
      step "undo" { run = "./undo ${deploy.weight}" }
    }
  }
  stage "rolling" {
    environment = "prod"
    strategy "rolling" {
      batches      = 4
      max_parallel = 2
    }
    step "roll" { run = "./roll ${deploy.batch}" }
    verify {
      step "health" { run = "./health" }
    }
  }
  stage "bg" {
    environment = "prod"
    strategy "blue_green" {}
    step "deploy" { run = "./deploy ${deploy.slot}" }
    verify {
      step "warm" { run = "./warm ${deploy.slot}" }
    }
    switch {
      step "swap" { run = "./swap ${deploy.slot}" }
    }
    rollback {
      step "back" { run = "./back ${deploy.slot}" }
    }
  }
  stage "plain" {
    environment = "prod"
    step "ship" { run = "./ship" }
    verify {
      step "smoke" { run = "./smoke" }
    }
  }
}
`

// hookScripts lists the bash scripts of a hook's steps, joined.
func hookScripts(t *testing.T, hook any) string {
	var b strings.Builder
	for _, st := range get(t, hook, "steps").([]any) {
		if s, ok := st.(map[string]any)["bash"].(string); ok {
			b.WriteString(s)
		}
	}
	return b.String()
}

func hookEnv(t *testing.T, hook any, name string) []string {
	var out []string
	for _, st := range get(t, hook, "steps").([]any) {
		if env, ok := st.(map[string]any)["env"].(map[string]any); ok {
			if v, ok := env[name]; ok {
				out = append(out, v.(string))
			}
		}
	}
	return out
}

func TestCanaryUsesNativeStrategy(t *testing.T) {
	doc, _, _ := emit(t, strategies)
	if get(t, stage(t, doc, "canary"), "lockBehavior") != "sequential" {
		t.Error("a deployment stage waits for the environment's exclusive lock in order")
	}
	job := get(t, stage(t, doc, "canary"), "jobs", 0)
	// A deployment job named as its stage was reported to stay queued for ever
	// (microsoft/azure-pipelines-agent#5613): it has a name of its own, and the stage's
	// name to show.
	if get(t, job, "deployment") != "canary_deploy" || get(t, job, "displayName") != "canary" || get(t, job, "environment") != "prod" {
		t.Fatalf("want one deployment job canary_deploy with the environment, got %v", job)
	}
	c := get(t, job, "strategy", "canary")
	if inc := get(t, c, "increments").([]any); len(inc) != 2 || inc[0] != uint64(10) || inc[1] != uint64(50) {
		t.Errorf("increments: want [10 50] (Azure adds 100), got %v", inc)
	}
	if !strings.Contains(hookScripts(t, get(t, c, "deploy")), "./shift") {
		t.Error("the steps belong in the deploy hook")
	}
	// Each hook is a job of its own (a fresh machine): verify runs in deploy, after the
	// steps, where it sees what they wrote.
	deploy := hookScripts(t, get(t, c, "deploy"))
	if i, k := strings.Index(deploy, "./shift"), strings.Index(deploy, "./check"); i < 0 || k < i {
		t.Errorf("deploy hook: want the steps, then verify, got %q", deploy)
	}
	if _, ok := c.(map[string]any)["postRouteTraffic"]; ok {
		t.Error("verify must not run in a hook of its own")
	}
	if !strings.Contains(hookScripts(t, get(t, c, "on", "failure")), "./undo") {
		t.Error("rollback belongs in on.failure")
	}
	// The rollback steps end the deploy hook too, for a cancellation (a timeout).
	if w := hookEnv(t, get(t, c, "deploy"), "PIPEC_DEPLOY_WEIGHT"); len(w) != 3 || w[0] != "$(strategy.increment)" || w[1] != w[0] || w[2] != "0" {
		t.Errorf("deploy.weight in the steps and verify: want $(strategy.increment), then 0 in the rollback, got %v", w)
	}
	// Each hook checks out and gets the identity.
	for _, h := range []string{"deploy", "on"} {
		hk := get(t, c, h)
		if h == "on" {
			hk = get(t, hk, "failure")
		}
		var sawCheckout, sawToken bool
		for _, st := range get(t, hk, "steps").([]any) {
			m := st.(map[string]any)
			sawCheckout = sawCheckout || m["checkout"] == "self"
			sawToken = sawToken || (m["task"] == "AzureCLI@2" && get(t, m, "inputs", "azureSubscription") == "prod-connection")
		}
		if !sawCheckout || !sawToken {
			t.Errorf("hook %s: want a checkout and the identity's token from its service connection", h)
		}
	}
}

func TestRollingUsesNativeStrategy(t *testing.T) {
	doc, _, ds := emit(t, strategies)
	job := get(t, stage(t, doc, "rolling"), "jobs", 0)
	r := get(t, job, "strategy", "rolling")
	if get(t, r, "maxParallel") != uint64(2) {
		t.Errorf("maxParallel: want 2, got %v", get(t, r, "maxParallel"))
	}
	if get(t, job, "environment", "resourceType") != "VirtualMachine" {
		t.Error("a rolling deploy runs over the environment's virtual machines")
	}
	if _, ok := job.(map[string]any)["pool"]; ok {
		t.Error("a rolling deploy runs on the environment's machines: no pool")
	}
	if b := hookEnv(t, get(t, r, "deploy"), "PIPEC_DEPLOY_BATCH"); len(b) != 1 || b[0] != "$(Environment.ResourceName)" {
		t.Errorf("deploy.batch: want the machine's name, got %v", b)
	}
	d := findDiag(t, ds, "rolling-batches")
	if d.Target != "azure" || d.Severity != diag.Warning || d.Subject.Start.Line == 0 {
		t.Errorf("batches: want an azure warning at the spec's position, got %+v", d)
	}
}

// Azure cancels a job that reaches its timeout (result Canceled), and on: failure runs
// only after a failed hook: the rollback steps also end each hook that deploys or moves
// traffic, with condition canceled(), and a plain job's with or(failed(), canceled()).
func TestRollbackRunsWhenAHookIsCancelled(t *testing.T) {
	doc, _, _ := emit(t, strategies)
	conds := func(hook any, script string) []string {
		var out []string
		for _, st := range get(t, hook, "steps").([]any) {
			m := st.(map[string]any)
			if b, _ := m["bash"].(string); strings.Contains(b, script) {
				c, _ := m["condition"].(string)
				out = append(out, c)
			}
		}
		return out
	}
	c := get(t, stage(t, doc, "canary"), "jobs", 0, "strategy", "canary")
	if got := conds(get(t, c, "deploy"), "./undo"); fmt.Sprint(got) != "[canceled()]" {
		t.Errorf("canary deploy hook: want the rollback with condition canceled(), got %v", got)
	}
	if got := conds(get(t, c, "on", "failure"), "./undo"); fmt.Sprint(got) != "[]" {
		t.Errorf("on.failure: want the rollback without a condition, got %v", got)
	}
	ro := get(t, stage(t, doc, "bg"), "jobs", 0, "strategy", "runOnce")
	for _, h := range []string{"deploy", "routeTraffic"} {
		if got := conds(get(t, ro, h), "./back"); fmt.Sprint(got) != "[canceled()]" {
			t.Errorf("blue/green %s hook: want the rollback with condition canceled(), got %v", h, got)
		}
	}
	doc, _, _ = emit(t, `pipeline "p" {
  on {
    push {}
  }
  stage "s" {
    step "d" { run = "./do" }
    rollback {
      step "u" { run = "./undo" }
    }
  }
}`)
	if got := conds(get(t, stage(t, doc, "s"), "jobs", 0), "./undo"); fmt.Sprint(got) != "[or(failed(), canceled())]" {
		t.Errorf("plain job: want the rollback after a failure or a cancellation, got %v", got)
	}
}

func TestBlueGreenIsRunOnceWithRouteTraffic(t *testing.T) {
	doc, _, _ := emit(t, strategies)
	job := get(t, stage(t, doc, "bg"), "jobs", 0)
	ro := get(t, job, "strategy", "runOnce")
	deploy := hookScripts(t, get(t, ro, "deploy"))
	// The idle slot is verified before the traffic moves to it.
	if !strings.Contains(deploy, "./deploy") || !strings.Contains(deploy, "./warm") {
		t.Errorf("deploy hook: want the steps, then verify, got %q", deploy)
	}
	if !strings.Contains(hookScripts(t, get(t, ro, "routeTraffic")), "./swap") {
		t.Error("the switch steps belong in routeTraffic")
	}
	if !strings.Contains(hookScripts(t, get(t, ro, "on", "failure")), "./back") {
		t.Error("rollback belongs in on.failure")
	}
	if s := hookEnv(t, get(t, ro, "routeTraffic"), "PIPEC_DEPLOY_SLOT"); len(s) != 2 || s[0] != "green" || s[1] != "blue" {
		t.Errorf("slot while switching: want green, then blue in the rollback for a cancellation, got %v", s)
	}
	if s := hookEnv(t, get(t, ro, "on", "failure"), "PIPEC_DEPLOY_SLOT"); len(s) != 1 || s[0] != "blue" {
		t.Errorf("slot in rollback: want blue, got %v", s)
	}
	if _, ok := ro.(map[string]any)["postRouteTraffic"]; ok {
		t.Error("blue/green verifies in deploy, before routeTraffic")
	}
	plain := get(t, stage(t, doc, "plain"), "jobs", 0, "strategy", "runOnce")
	if d := hookScripts(t, get(t, plain, "deploy")); !strings.Contains(d, "./ship") || !strings.Contains(d, "./smoke") {
		t.Errorf("a plain deployment verifies in deploy, after its steps: %q", d)
	}
}

func TestConditionsKeepSucceeded(t *testing.T) {
	src := `pipeline "p" {
  on {
    push {}
    manual {
      input "force" { type = "boolean" }
      input "target" {}
    }
  }
  stage "a" {
    outputs = ["go"]
    step "s" { run = "echo go=yes >> $PIPEC_OUTPUT" }
  }
  stage "b" {
    needs = ["a"]
    when  = WHEN
    step "s" { run = "true" }
  }
}
`
	cases := map[string]string{
		`ci.branch == "main" && ci.event == "push"`:  `and(succeeded(), eq(` + branchExpr + `, 'main'), in(variables['Build.Reason'], 'IndividualCI', 'BatchedCI'))`,
		`ci.event != "pull_request"`:                 `and(succeeded(), not(eq(variables['Build.Reason'], 'PullRequest')))`,
		`!(ci.event == "schedule" || input.force)`:   `and(succeeded(), not(or(eq(variables['Build.Reason'], 'Schedule'), and(ne(variables['PIPEC_INPUT_FORCE'], ''), ne(variables['PIPEC_INPUT_FORCE'], 'false')))))`,
		`stage.a.outputs.go == "yes"`:                `and(succeeded(), eq(replace(replace(dependencies.a.outputs['a.pipec_outputs.go'], '%24', '$'), '%25', '%'), 'yes'))`,
		`startswith(ci.tag, "v") && ci.branch == ""`: `and(succeeded(), startsWith(variables['Build.SourceBranch'], 'refs/tags/v'), eq(` + branchExpr + `, ''))`,
		`matches(ci.branch, "release/**")`:           `and(succeeded(), startsWith(` + branchExpr + `, 'release/'))`,
		`input.target == "it's"`:                     `and(succeeded(), eq(variables['PIPEC_INPUT_TARGET'], 'it''s'))`,
	}
	for when, want := range cases {
		doc, _, _ := emit(t, strings.Replace(src, "WHEN", when, 1))
		if got := get(t, stage(t, doc, "b"), "condition"); got != want {
			t.Errorf("when %s:\n got %s\nwant %s", when, got, want)
		}
		if _, ok := stage(t, doc, "a")["condition"]; ok {
			t.Error("a stage without when keeps Azure's default condition")
		}
		if deps := get(t, stage(t, doc, "a"), "dependsOn").([]any); len(deps) != 0 {
			t.Errorf("a stage without needs must say dependsOn: [] (Azure runs stages in order), got %v", deps)
		}
	}
}

func TestUnsupportedGlobIsAnAzureError(t *testing.T) {
	ds := emitErrors(t, `pipeline "p" {
  on {
    push {}
  }
  stage "a" {
    when = matches(ci.branch, "feature/*/wip")
    step "s" { run = "true" }
  }
}
`)
	d := findDiag(t, ds, "unsupported-glob")
	if d.Target != "azure" || d.Subject.Start.Line != 6 || d.Subject.Start.Column != 31 {
		t.Errorf("want an azure error at 6:31, got %+v at %v", d, d.Subject)
	}
}

func TestSecretsOnlyInStepEnv(t *testing.T) {
	doc, text, _ := emit(t, `pipeline "p" {
  on {
    push {}
  }
  secret "npm_token" {}
  secret "other" {}
  stage "a" {
    step "publish" {
      run = "npm publish --token ${secret.npm_token}"
      env = { TOKEN = secret.npm_token }
    }
    step "plain" { run = "echo hi" }
  }
}
`)
	if strings.Count(text, "$(NPM_TOKEN)") != 2 {
		t.Errorf("want the secret mapped twice, both in the step's env:\n%s", text)
	}
	if strings.Contains(text, "OTHER") {
		t.Error("a secret no step reads must not appear")
	}
	steps := get(t, stage(t, doc, "a"), "jobs", 0, "steps").([]any)
	pub := steps[1].(map[string]any)
	if !strings.Contains(pub["bash"].(string), "${PIPEC_SECRET_NPM_TOKEN}") || strings.Contains(pub["bash"].(string), "$(") {
		t.Errorf("the script reads the secret from its env only: %q", pub["bash"])
	}
	if get(t, pub, "env", "TOKEN") != "$(NPM_TOKEN)" || get(t, pub, "env", "PIPEC_SECRET_NPM_TOKEN") != "$(NPM_TOKEN)" {
		t.Errorf("env: %v", pub["env"])
	}
	if _, ok := steps[2].(map[string]any)["env"]; ok {
		t.Error("a step that reads no secret gets none")
	}
}

func TestReferencesReachScriptsThroughEnv(t *testing.T) {
	doc, _, _ := emit(t, `pipeline "p" {
  on {
    manual {
      input "msg" {}
    }
  }
  stage "a" {
    step "s" { run = "echo ${input.msg} on ${ci.branch} at ${ci.short_sha}" }
  }
}
`)
	steps := get(t, stage(t, doc, "a"), "jobs", 0, "steps").([]any)
	last := steps[len(steps)-1].(map[string]any)
	script := last["bash"].(string)
	if strings.Contains(script, "parameters") || strings.Contains(script, "$(") || strings.Contains(script, "$[") {
		t.Errorf("no expression may be pasted into a script: %q", script)
	}
	env := last["env"].(map[string]any)
	want := map[string]string{"PIPEC_INPUT_MSG": "${{ replace(replace(parameters.msg, '%', '%25'), '$', '%24') }}", "PIPEC_CI_BRANCH": "$(PIPEC_CI_BRANCH)", "PIPEC_CI_SHORT_SHA": "$(PIPEC_CI_SHORT_SHA)"}
	for k, v := range want {
		if env[k] != v {
			t.Errorf("env %s: want %q, got %q", k, v, env[k])
		}
	}
	if get(t, steps[1], "displayName") != "pipec context" {
		t.Errorf("ci values Azure has no variable for come from a context step: %v", steps[1])
	}
}

func TestNames(t *testing.T) {
	cases := map[string][2]string{
		"build":          {"build", "build"},
		"deploy-staging": {"deploy_staging", "deploy_staging"},
		"deploy":         {"deploy_stage", "deploy_job"},
		"Deployment":     {"Deployment_stage", "Deployment_job"},
		"3d":             {"s_3d", "s_3d"},
	}
	for in, want := range cases {
		if s, j := stageName(in), jobName(in); s != want[0] || j != want[1] {
			t.Errorf("%s: want stage %s job %s, got %s %s", in, want[0], want[1], s, j)
		}
	}
	taken := map[string]bool{}
	a := legName(model.Cell{{Key: "v", Value: "1.0"}}, taken)
	b := legName(model.Cell{{Key: "v", Value: "1_0"}}, taken)
	c := legName(model.Cell{{Key: "_", Value: "x"}}, taken)
	if a != "v_1_0" || b != "v_1_0_2" || c != "leg___x" {
		t.Errorf("leg names: got %s %s %s", a, b, c)
	}
}

func TestStageNameCollision(t *testing.T) {
	ds := emitErrors(t, `pipeline "p" {
  on {
    push {}
  }
  stage "deploy" {
    step "s" { run = "true" }
  }
  stage "Deploy_stage" {
    step "s" { run = "true" }
  }
}
`)
	d := findDiag(t, ds, "stage-name-collision")
	if d.Target != "azure" || d.Subject.Start.Line != 8 {
		t.Errorf("want an azure error at the second stage, got %+v", d)
	}
}

func TestMatrixLegs(t *testing.T) {
	doc, _, ds := emit(t, `pipeline "p" {
  on {
    push {}
  }
  stage "t" {
    when = matrix.os != "mac"
    matrix {
      axes      = { os = ["linux", "mac"], v = ["1", "2"] }
      exclude   = [{ os = "linux", v = "2" }]
      include   = [{ os = "win", v = "3" }]
      fail_fast = true
      max_parallel = 2
    }
    step "s" { run = "echo ${matrix.os}" }
  }
}
`)
	st := stage(t, doc, "t")
	if _, ok := st["condition"]; ok {
		t.Error("a condition on matrix values alone chooses legs, not a stage condition")
	}
	legs := get(t, st, "jobs", 0, "strategy", "matrix").(map[string]any)
	if len(legs) != 2 || legs["os_linux_v_1"] == nil || legs["os_win_v_3"] == nil {
		t.Errorf("want the legs linux/1 and win/3, got %v", keys(legs))
	}
	if get(t, legs, "os_win_v_3", "PIPEC_MATRIX_OS") != "win" {
		t.Error("each leg carries its values")
	}
	if get(t, st, "jobs", 0, "strategy", "maxParallel") != uint64(2) {
		t.Error("max_parallel is maxParallel")
	}
	if d := findDiag(t, ds, "fail-fast-unsupported"); d.Target != "azure" || d.Severity != diag.Warning {
		t.Errorf("fail_fast: want an azure warning, got %+v", d)
	}
}

// A matrix stage's image that reads a ci value is refused like any other stage's, not
// looked up as an input while the legs are written; an image that reads no matrix value
// is the same for every leg, so no leg carries it.
func TestMatrixImageReferences(t *testing.T) {
	ds := emitErrors(t, `pipeline "p" {
  on {
    push {}
  }
  stage "t" {
    image  = "registry.example.com/app:${ci.commit_sha}"
    matrix {
      axes = { node = ["20", "22"] }
    }
    step "s" { run = "npm test" }
  }
}
`)
	if d := findDiag(t, ds, "unsupported-reference"); d.Severity != diag.Error {
		t.Errorf("want an error, got %+v", d)
	}
	doc, _, _ := emit(t, `pipeline "p" {
  on {
    manual {
      input "tag" { default = "1" }
    }
  }
  stage "t" {
    image  = "app:${input.tag}"
    matrix {
      axes = { node = ["20", "22"] }
    }
    step "s" { run = "npm test" }
  }
}
`)
	st := stage(t, doc, "t")
	if get(t, st, "jobs", 0, "container") == "$[ variables['PIPEC_IMAGE'] ]" {
		t.Error("an image without matrix values is written once, not per leg")
	}
	for name, leg := range get(t, st, "jobs", 0, "strategy", "matrix").(map[string]any) {
		if _, ok := leg.(map[string]any)["PIPEC_IMAGE"]; ok {
			t.Errorf("leg %s carries an image the job never reads", name)
		}
	}
}

func TestStrategyOutputsAndArtifactsAreErrors(t *testing.T) {
	ds := emitErrors(t, `pipeline "p" {
  on {
    push {}
  }
  environment "prod" {}
  stage "c" {
    environment = "prod"
    outputs     = ["version"]
    strategy "canary" {
      increments = [50]
    }
    step "s" { run = "echo version=1 >> $PIPEC_OUTPUT" }
    artifact "log" { paths = ["log.txt"] }
  }
}
`)
	for _, code := range []string{"outputs-in-strategy", "artifact-in-strategy"} {
		if d := findDiag(t, ds, code); d.Target != "azure" || d.Subject.Start.Line == 0 {
			t.Errorf("%s: want an azure error at the spec's position, got %+v", code, d)
		}
	}
}

func TestMissingServiceConnection(t *testing.T) {
	_, text, ds := emit(t, `pipeline "p" {
  on {
    push {}
  }
  identity "cloud" {
    oidc {
      audience = "https://example.com"
      env      = "TOKEN"
    }
  }
  stage "a" {
    identity = "cloud"
    step "s" { run = "use-token" }
  }
}
`)
	d := findDiag(t, ds, "missing-service-connection")
	if d.Target != "azure" || d.Severity != diag.Warning || d.Subject.Start.Line != 5 {
		t.Errorf("want an azure warning at the identity, got %+v", d)
	}
	findDiag(t, ds, "oidc-audience-fixed")
	if !strings.Contains(text, "azureSubscription: cloud") || !strings.Contains(text, "TOKEN: $(TOKEN)") {
		t.Errorf("want the identity's name as connection and the token mapped into env:\n%s", text)
	}
}

// A runner of labels may be any machine (the compiler refuses cmd on a known class);
// Azure's script for it is bash, so a cmd step there is Azure's error.
func TestUnsupportedShell(t *testing.T) {
	ds := emitErrors(t, `pipeline "p" {
  on {
    push {}
  }
  stage "a" {
    runner = ["gpu"]
    step "s" {
      shell = "cmd"
      run   = "dir"
    }
  }
}
`)
	if d := findDiag(t, ds, "unsupported-shell"); d.Target != "azure" || d.Subject.Start.Line != 8 {
		t.Errorf("want an azure error at the shell, got %+v", d)
	}
}

func TestTriggersDefaultToNone(t *testing.T) {
	doc, _, _ := emit(t, `pipeline "p" {
  on {
    schedule "nightly" { cron = "0 3 * * *" }
    manual {
      input "env" {
        type    = "choice"
        options = ["dev", "prod"]
      }
    }
  }
  stage "a" {
    step "s" { run = "true" }
  }
}
`)
	if doc["trigger"] != "none" || doc["pr"] != "none" {
		t.Errorf("Azure runs on every push and pull request unless told: want none, got %v %v", doc["trigger"], doc["pr"])
	}
	if get(t, doc, "schedules", 0, "always") != true {
		t.Error("schedules run even without changes: always: true")
	}
	p := get(t, doc, "parameters", 0)
	if get(t, p, "default") != "dev" || len(get(t, p, "values").([]any)) != 2 {
		t.Errorf("a choice input is a string parameter with values and a default: %v", p)
	}
}

func TestPoolsAndNative(t *testing.T) {
	doc, _, _ := emit(t, `pipeline "p" {
  on {
    push {}
  }
  stage "gpu" {
    runner = ["self-hosted", "linux", "gpu", "cuda12", "x64"]
    step "s" { run = "nvidia-smi" }
    native "azure" {
      workspace = { clean = "all" }
      timeoutInMinutes = 5
    }
    native "github" {
      timeout-minutes = 9
    }
  }
  stage "mac" {
    runner = "macos"
    step "s" { run = "sw_vers" }
  }
}
`)
	job := get(t, stage(t, doc, "gpu"), "jobs", 0)
	if get(t, job, "pool", "name") != "gpu" {
		t.Errorf("the first plain label names the pool: %v", get(t, job, "pool"))
	}
	want := []string{"Agent.OS -equals Linux", "cuda12", "Agent.OSArchitecture -equals X64"}
	got := get(t, job, "pool", "demands").([]any)
	if len(got) != len(want) {
		t.Fatalf("demands: want %v, got %v", want, got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("demand %d: want %q, got %q", i, want[i], got[i])
		}
	}
	if get(t, job, "workspace", "clean") != "all" || get(t, job, "timeoutInMinutes") != uint64(5) {
		t.Errorf("native azure keys are merged into the job: %v", job)
	}
	if _, ok := job.(map[string]any)["timeout-minutes"]; ok {
		t.Error("another target's native block does not reach Azure")
	}
	if get(t, stage(t, doc, "mac"), "jobs", 0, "pool", "vmImage") != "macOS-latest" {
		t.Error("macos is macOS-latest")
	}
}

// Azure expands $(NAME) in env and variable values, so a value an outsider chooses
// travels percent-encoded: it never holds a macro on the way, and the script sees it as
// typed. The test plays Azure's part (the template expression, the output variable) and
// runs the generated bash.
func TestOutsiderValuesTravelEncoded(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	doc, _, _ := emit(t, `pipeline "p" {
  on {
    manual {
      input "msg" {}
    }
  }
  stage "a" {
    outputs = ["v"]
    step "s" {
      run = "printf 'v=%s\\n' \"$MSG\" >> \"$PIPEC_OUTPUT\""
      env = { MSG = "got ${input.msg}!" }
    }
  }
  stage "b" {
    needs = ["a"]
    step "t" {
      run = "printf '%s|%s' \"${stage.a.outputs.v}\" \"$MSG\""
      env = { MSG = "${input.msg}" }
    }
  }
}
`)
	typed := `$(NPM_TOKEN) 100%24 $[x]`
	// What ${{ replace(replace(parameters.msg, '%', '%25'), '$', '%24') }} yields.
	enc := strings.NewReplacer("%", "%25", "$", "%24").Replace(typed)
	if strings.Contains(enc, "$(") {
		t.Fatalf("the encoded input still holds a macro: %s", enc)
	}
	dir := t.TempDir()
	run := func(script string, env ...string) string {
		t.Helper()
		cmd := exec.Command("bash", "-c", script)
		cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "PIPEC_OUTPUT=" + dir + "/out"}, env...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%v\n%s\n%s", err, script, out)
		}
		return string(out)
	}
	steps := func(st string) []any { return get(t, stage(t, doc, st), "jobs", 0, "steps").([]any) }
	a := steps("a")
	env := a[1].(map[string]any)["env"].(map[string]any)
	if env["MSG"] != "got ${{ replace(replace(parameters.msg, '%', '%25'), '$', '%24') }}!" {
		t.Errorf("env MSG: %v", env["MSG"])
	}
	// Step s writes the output; pipec_outputs publishes it, encoded.
	run(a[1].(map[string]any)["bash"].(string), "MSG=got "+enc+"!")
	published := run(a[2].(map[string]any)["bash"].(string))
	const cmd = "##vso[task.setvariable variable=v;isOutput=true]"
	i := strings.Index(published, cmd)
	if i < 0 {
		t.Fatalf("no output variable in %q", published)
	}
	value := strings.TrimSpace(published[i+len(cmd):])
	if strings.Contains(value, "$") {
		t.Fatalf("the output variable still holds a $: %q", value)
	}
	// Stage b reads both, decoded.
	b := steps("b")
	got := run(b[1].(map[string]any)["bash"].(string), "PIPEC_STAGE_A_OUTPUTS_V="+value, "MSG="+enc)
	if want := "got " + typed + "!|" + typed; got != want {
		t.Errorf("the script sees %q, want %q", got, want)
	}
}

func TestReviewFixes(t *testing.T) {
	// Vault values and the Vault token are registered with the log masking.
	_, out, _ := emit(t, `pipeline "p" {
  on {
    push {}
  }
  vault {
    address            = "https://vault.example.com"
    role               = "ci"
    service_connection = "vault"
  }
  secret "db" {
    vault {
      path  = "secret/data/db"
      field = "password"
    }
  }
  stage "a" {
    step "s" { run = "use \"${secret.db}\"" }
  }
}
`)
	for _, v := range []string{"pipec_vault_token", "PIPEC_SECRET_DB"} {
		if !strings.Contains(out, `printf '%s\n' "$`+v+`" | while IFS= read -r pipec_line; do if [ -n "$pipec_line" ]; then echo "##vso[task.setsecret]$pipec_line"; fi; done`) {
			t.Errorf("%s is not masked:\n%s", v, out)
		}
	}
	// A push trigger without filters runs for tags too.
	doc, _, _ := emit(t, `pipeline "p" {
  on {
    push {}
  }
  stage "a" {
    step "s" { run = "true" }
  }
}
`)
	if get(t, doc, "trigger", "tags", "include", 0) != "*" {
		t.Errorf("bare push: want tags include *, got %v", doc["trigger"])
	}
	// Two artifacts that flatten to one Azure name are an error.
	ds := emitErrors(t, `pipeline "p" {
  on {
    push {}
  }
  stage "a-b" {
    step "s" { run = "true" }
    artifact "c" { paths = ["c"] }
  }
  stage "a" {
    step "s" { run = "true" }
    artifact "b_c" { paths = ["c"] }
  }
}
`)
	if d := findDiag(t, ds, "artifact-name-collision"); d.Target != "azure" || d.Subject.Start.Line != 11 {
		t.Errorf("collision: %v", d)
	}
	// Outputs that switch steps write cannot be handed on: a warning.
	_, _, ds = emit(t, `pipeline "p" {
  on {
    push {}
  }
  environment "prod" {}
  stage "bg" {
    environment = "prod"
    outputs     = ["rev"]
    strategy "blue_green" {}
    step "d" { run = "echo rev=1 >> \"$PIPEC_OUTPUT\"" }
    switch {
      step "s" { run = "echo rev=2 >> \"$PIPEC_OUTPUT\"" }
    }
  }
}
`)
	if d := findDiag(t, ds, "outputs-in-switch"); d.Severity != diag.Warning || d.Subject.Start.Line != 11 {
		t.Errorf("outputs-in-switch: %v", d)
	}
}

// Service names that flatten to one Azure identifier, in one stage or across stages, get
// resources of their own: they were declared twice under one name, so one of the jobs
// ran the other's image.
func TestServiceContainersThatFlattenToOneName(t *testing.T) {
	doc, _, _ := emit(t, `pipeline "p" {
  on {
    push {}
  }
  stage "a" {
    service "b_c" { image = "redis" }
    service "db-a" { image = "postgres" }
    service "db_a" { image = "mysql" }
    step "s" { run = "true" }
  }
  stage "a_b" {
    service "c" { image = "nginx" }
    step "s" { run = "true" }
  }
}
`)
	var got []string
	for _, c := range get(t, doc, "resources", "containers").([]any) {
		got = append(got, fmt.Sprint(get(t, c, "container"), "=", get(t, c, "image")))
	}
	if want := "a_b_c=redis a_db_a=postgres a_db_a_2=mysql a_b_c_2=nginx"; strings.Join(got, " ") != want {
		t.Errorf("containers %s, want %s", strings.Join(got, " "), want)
	}
	jobs := get(t, doc, "stages", 1, "jobs", 0, "services")
	if got := fmt.Sprint(get(t, jobs, "c")); got != "a_b_c_2" {
		t.Errorf("stage a_b's service c runs container %s", got)
	}
	if got := fmt.Sprint(get(t, doc, "stages", 0, "jobs", 0, "services", "db_a")); got != "a_db_a_2" {
		t.Errorf("service db_a runs container %s", got)
	}
}

// Azure's trigger filters know * and ? only and refuse '[' and ']': a [set] in a branch,
// tag or path glob is an error at the glob, never a filter Azure rejects.
func TestBracketGlobsInTriggersAreErrors(t *testing.T) {
	ds := emitErrors(t, `pipeline "p" {
  on {
    push {
      branches = ["main", "release-[0-9]*"]
      tags     = ["v[0-9]*"]
      paths    = ["src/[ab]/**"]
    }
    pull_request {
      paths_ignore = ["x/[!y]"]
    }
  }
  stage "s" {
    step "e" {
      run = "echo"
    }
  }
}`)
	var lines []string
	for _, d := range ds {
		if d.Code == "unsupported-glob" {
			lines = append(lines, fmt.Sprint(d.Subject.Start.Line))
		}
	}
	if got := strings.Join(lines, ","); got != "4,5,6,9" {
		t.Errorf("unsupported-glob at lines %s, want 4,5,6,9: %v", got, ds)
	}
}

// Cache@2 fails the job when a key file segment names no file: the key hashes one file a
// step writes from the key files that exist (any name, quotes and "|" included), so a
// missing one (an optional lock file) adds nothing, as on GitHub and GitLab.
func TestCacheKeyFilesMayBeMissing(t *testing.T) {
	doc, out, _ := emit(t, `pipeline "p" {
  on {
    push {}
  }
  stage "a" {
    cache {
      paths     = ["node_modules"]
      key_files = ["package-lock.json", "k\"x.txt", "a|b", "yarn.lock"]
    }
    step "s" { run = "true" }
  }
}
`)
	if !strings.Contains(out, `node_modules\" | $(Agent.TempDirectory)/pipec-cache-key"`) {
		t.Errorf("the key does not hash the key file:\n%s", out)
	}
	var script string
	for _, st := range doc["stages"].([]any)[0].(map[string]any)["jobs"].([]any)[0].(map[string]any)["steps"].([]any) {
		if m := st.(map[string]any); m["displayName"] == "pipec cache key" {
			script = m["bash"].(string)
		}
	}
	dir := t.TempDir()
	for name, body := range map[string]string{"package-lock.json": "{}\n", "k\"x.txt": "q\n", "a|b": "p\n"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command("bash", "-c", script)
	cmd.Dir = dir
	cmd.Env = []string{"PATH=/usr/bin:/bin", "AGENT_TEMPDIRECTORY=" + dir}
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s\n%s", err, script, b)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "pipec-cache-key")); string(b) != "package-lock.json\n{}\nk\"x.txt\nq\na|b\np\n" {
		t.Errorf("key file holds %q", b)
	}
}

// Azure evaluates a variable whose value is `$[ ... ]` as a runtime expression (it can
// read any variable, secrets included): pipeline and stage env that starts like one goes
// to each step's env, where Azure takes it as text.
func TestRuntimeExpressionLikeEnvIsStepEnv(t *testing.T) {
	doc, _, _ := emit(t, `pipeline "p" {
  on {
    push {}
  }
  env = {
    A = "$[ variables['System.AccessToken'] ]"
    B = "plain"
  }
  stage "s" {
    env = {
      C = " $[variables.foo]"
    }
    step "x" { run = "echo \"$A $B $C\"" }
  }
}
`)
	vars := doc["variables"].(map[string]any)
	if _, ok := vars["A"]; ok || vars["B"] != "plain" {
		t.Errorf("pipeline variables: want B only, got %v", vars)
	}
	job := get(t, stage(t, doc, "s"), "jobs", 0).(map[string]any)
	if v, ok := job["variables"]; ok {
		t.Errorf("stage variables: want none, got %v", v)
	}
	steps := job["steps"].([]any)
	env := get(t, steps[len(steps)-1], "env").(map[string]any)
	if env["A"] != "$[ variables['System.AccessToken'] ]" || env["C"] != " $[variables.foo]" {
		t.Errorf("step env: got %v", env)
	}
}

// Azure hands tasks and scripts no variable whose name starts with endpoint, input,
// secret, path or securefile (in any case): pipeline and stage env of such a name goes to
// each step's env, where the script sees it.
func TestReservedPrefixEnvIsStepEnv(t *testing.T) {
	doc, _, _ := emit(t, `pipeline "p" {
  on {
    push {}
  }
  env = {
    PATH_EXTRA = "a"
    SECRETARY  = "b"
    PLAIN      = "c"
  }
  stage "s" {
    env = {
      INPUT_FILE   = "d"
      ENDPOINT_URL = "e"
      SECUREFILE_X = "f"
      STAGE_PLAIN  = "g"
    }
    step "x" { run = "echo \"$PATH_EXTRA $SECRETARY $PLAIN $INPUT_FILE $ENDPOINT_URL $SECUREFILE_X $STAGE_PLAIN\"" }
  }
}
`)
	vars := doc["variables"].(map[string]any)
	if len(vars) != 1 || vars["PLAIN"] != "c" {
		t.Errorf("pipeline variables: want PLAIN only, got %v", vars)
	}
	job := get(t, stage(t, doc, "s"), "jobs", 0).(map[string]any)
	if v := job["variables"]; fmt.Sprint(v) != "map[STAGE_PLAIN:g]" {
		t.Errorf("stage variables: want STAGE_PLAIN only, got %v", v)
	}
	steps := job["steps"].([]any)
	env := get(t, steps[len(steps)-1], "env").(map[string]any)
	want := map[string]string{"PATH_EXTRA": "a", "SECRETARY": "b", "INPUT_FILE": "d", "ENDPOINT_URL": "e", "SECUREFILE_X": "f"}
	for k, v := range want {
		if env[k] != v {
			t.Errorf("step env %s = %v, want %q (env %v)", k, env[k], v, env)
		}
	}
}

// A matrix leg's values are variables of the job, and Azure evaluates a variable that
// starts with "$[" as a runtime expression: such a matrix value (an axis's or an
// include's) is an error at the value.
func TestRuntimeExpressionLikeMatrixValues(t *testing.T) {
	ds := emitErrors(t, `pipeline "p" {
  on {
    push {}
  }
  stage "s" {
    matrix {
      axes    = { v = [" $[ variables['System.AccessToken'] ]", "a$[x]"] }
      include = [{ v = "b", w = "$[ variables.y ]" }]
    }
    step "x" { run = "echo" }
  }
}
`)
	var got []string
	for _, d := range ds {
		got = append(got, fmt.Sprintf("%d:%d %s", d.Subject.Start.Line, d.Subject.Start.Column, d.Code))
	}
	if want := "7:24 unsupported-character,8:33 unsupported-character"; strings.Join(got, ",") != want {
		t.Errorf("got %v, want %s", got, want)
	}
}

// A host job (no image) reaches its services at the ports Azure publishes on the agent:
// a step names them in /etc/hosts, and a service without ports is a warning.
func TestServicesOnTheAgent(t *testing.T) {
	_, out, ds := emit(t, `pipeline "p" {
  on {
    push {}
  }
  stage "itest" {
    service "redis" {
      image = "redis:7"
    }
    step "t" { run = "redis-cli -h redis ping" }
  }
}`)
	if !strings.Contains(out, "printf '127.0.0.1 %s\\n' redis | sudo -n tee -a /etc/hosts") {
		t.Errorf("no hosts step:\n%s", out)
	}
	if len(ds) != 1 || ds[0].Code != "service-without-ports" {
		t.Errorf("diagnostics %v, want service-without-ports", ds)
	}
}

// Cache@2 takes one directory and no wildcards: "dir/**" and "dir/*" cache dir, another
// glob is a warning at its path.
func TestCachePathGlobs(t *testing.T) {
	_, out, ds := emit(t, `pipeline "p" {
  on {
    push {}
  }
  stage "build" {
    cache {
      paths = [".gradle/**", "out/*", "packages/*/node_modules"]
    }
    step "t" { run = "make" }
  }
}`)
	for _, want := range []string{"path: .gradle\n", "path: out\n", "path: packages/*/node_modules\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in:\n%s", want, out)
		}
	}
	if len(ds) != 1 || ds[0].Code != "cache-path-glob" || ds[0].Subject.String() != "p.hcl:7:39" {
		t.Errorf("diagnostics %v, want cache-path-glob at p.hcl:7:39", ds)
	}
}

// Azure has no login variable: a when that compares ci.actor with a login, which
// matches on the other targets, never holds there, and says so.
func TestActorInWhenIsADisplayName(t *testing.T) {
	_, _, ds := emit(t, `pipeline "p" {
  on {
    push {}
  }
  stage "a" {
    when = ci.actor != "dependabot[bot]"
    step "s" { run = "echo ${ci.actor}" }
  }
}`)
	d := findDiag(t, ds, "actor-is-display-name")
	if d.Target != "azure" || d.Severity != diag.Warning || d.Subject.Start.Line != 6 {
		t.Errorf("want an azure warning at the when, got %+v", d)
	}
}

// The plan gives allow_failure to the last job of a deploy chain (the last canary
// increment, the blue/green switch); Azure holds the chain in one deployment job, which
// must be allowed to fail whatever the strategy.
func TestAllowFailureOnEveryStrategy(t *testing.T) {
	for _, kind := range []string{"", "strategy \"canary\" {\n  increments = [10]\n}", "strategy \"blue_green\" {}", "strategy \"rolling\" {\n  batches = 2\n}"} {
		sw := ""
		if strings.Contains(kind, "blue_green") {
			sw = "switch {\n  step \"s\" {\n    run = \"./swap\"\n  }\n}"
		}
		doc, _, _ := emit(t, `pipeline "p" {
  on {
    push {}
  }
  environment "prod" {}
  stage "ship" {
    environment   = "prod"
    allow_failure = true
    `+kind+`
    step "d" {
      run = "./deploy"
    }
    `+sw+`
  }
  stage "after" {
    needs = ["ship"]
    step "a" {
      run = "true"
    }
  }
}`)
		if v := stage(t, doc, "ship")["jobs"].([]any)[0].(map[string]any)["continueOnError"]; v != true {
			t.Errorf("%s: want continueOnError: true on the deployment job, got %v", kind, v)
		}
	}
}

// Azure has no approval in YAML: an environment with approval says, once, where to add
// the check, whatever number of stages deploy there.
func TestEnvironmentApprovalIsAWarning(t *testing.T) {
	_, out, ds := emit(t, `pipeline "p" {
  on {
    push {}
  }
  environment "prod" {
    approval = true
  }
  environment "staging" {}
  stage "a" {
    environment = "prod"
    step "d" {
      run = "./deploy"
    }
  }
  stage "b" {
    environment = "prod"
    step "d" {
      run = "./deploy"
    }
  }
  stage "c" {
    environment = "staging"
    step "d" {
      run = "./deploy"
    }
  }
}`)
	n := 0
	for _, d := range ds {
		if d.Code == "approval-in-environment-checks" {
			n++
			if d.Subject.Start.Line != 6 || !strings.Contains(d.Detail, "Approvals and checks") || !strings.Contains(d.Summary, `"prod"`) {
				t.Errorf("want the warning at prod's approval, naming where to add the check: %v", d)
			}
		}
	}
	if n != 1 {
		t.Errorf("want one approval warning, got %d: %v", n, ds)
	}
	if strings.Contains(out, "approval") {
		t.Errorf("Azure's YAML has no approval key:\n%s", out)
	}
}

// A rolling deployment runs on the environment's machines, not on a pool: a runner the
// spec chose is said to be unused, once, where it was chosen; pipec's default is not.
func TestRollingRunnerIsAWarning(t *testing.T) {
	spec := func(defaults, runner string) string {
		return `pipeline "p" {
  on {
    push {}
  }
  ` + defaults + `
  environment "fleet" {}
  stage "a" {
    environment = "fleet"
    ` + runner + `
    strategy "rolling" {
      batches = 2
    }
    step "d" {
      run = "./deploy"
    }
  }
  stage "b" {
    environment = "fleet"
    strategy "rolling" {
      batches = 2
    }
    step "d" {
      run = "./deploy"
    }
  }
}`
	}
	count := func(ds diag.Diagnostics) (n int, lines []int) {
		for _, d := range ds {
			if d.Code == "rolling-runner" {
				n++
				lines = append(lines, d.Subject.Start.Line)
			}
		}
		return n, lines
	}
	if n, _ := count(func() diag.Diagnostics { _, _, ds := emit(t, spec("", "")); return ds }()); n != 0 {
		t.Errorf("no runner in the spec: want no warning, got %d", n)
	}
	_, out, ds := emit(t, spec("", `runner = ["self-hosted", "deployers"]`))
	if n, lines := count(ds); n != 1 || lines[0] != 9 {
		t.Errorf("stage runner: want one warning at line 9, got %v", lines)
	}
	if strings.Contains(out, "deployers") {
		t.Errorf("a rolling deployment has no pool:\n%s", out)
	}
	_, _, ds = emit(t, spec("defaults {\n    runner = \"windows\"\n  }", ""))
	if n, lines := count(ds); n != 1 || lines[0] != 6 {
		t.Errorf("default runner: want one warning at the default (line 6), got %v", lines)
	}
}

// Azure's schema checks path filters with its branch-name pattern, which refuses
// spaces and ~ ^ : \: each becomes ?, with a warning at the glob, so the file passes
// Microsoft's validator and the filter still takes the spec's paths.
func TestPathFilterCharactersAzureRefuses(t *testing.T) {
	_, out, ds := emit(t, `pipeline "p" {
  on {
    push {
      branches     = ["main"]
      paths        = ["docs site/**", "ok/**", "!old:stuff/**"]
      paths_ignore = ["x~y/*"]
    }
    pull_request {
      paths = ["my\\dir/**"]
    }
  }
  stage "a" {
    step "s" { run = "x" }
  }
}`)
	for _, want := range []string{"- docs?site/**\n", "- ok/**\n", "- old?stuff/**\n", "- x?y/*\n", "- my?dir/**\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	var got []string
	for _, d := range ds {
		got = append(got, fmt.Sprintf("%d:%d %s", d.Subject.Start.Line, d.Subject.Start.Column, d.Code))
	}
	if want := "5:23 path-character; 5:48 path-character; 6:23 path-character; 9:16 path-character"; strings.Join(got, "; ") != want {
		t.Errorf("diagnostics:\n got %s\nwant %s", strings.Join(got, "; "), want)
	}
}

// A step's env holds the pipeline's and the stage's variables that Azure would not hand
// on as variables (lower-case names, ...) next to the step's own: two of those whose
// names differ only by case would be one key of that mapping, which Azure reads without
// case ("'BAR' is already defined"). An error, once, at the inner variable; upper-case
// stage variables are Azure variables, apart from the step's env, and stay.
func TestEnvNamesDifferingByCaseAcrossBlocks(t *testing.T) {
	ds := emitErrors(t, `pipeline "p" {
  on {
    push {}
  }
  env = { Bar = "p", Qux = "p", foo = "p" }
  stage "a" {
    env = { qux = "s", FOO = "s" }
    step "s" {
      env = { BAR = "x" }
      run = "true"
    }
    step "t" {
      env = { BAR = "y" }
      run = "true"
    }
  }
}`)
	var got []string
	for _, d := range ds {
		got = append(got, fmt.Sprintf("%s %s/%s %s", d.Subject, d.Target, d.Code, d.Related[0].Subject))
	}
	want := "p.hcl:7:13 azure/name-collision p.hcl:5:22,p.hcl:9:15 azure/name-collision p.hcl:5:11,p.hcl:13:15 azure/name-collision p.hcl:5:11"
	if strings.Join(got, ",") != want {
		t.Errorf("got  %s\nwant %s", strings.Join(got, ","), want)
	}
}
