package circleci

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
	"github.com/pipec-dev/pipec/compile"
	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/expr"
	"github.com/pipec-dev/pipec/lang/hcl"
	"github.com/pipec-dev/pipec/targets/posix"
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

func parse(t *testing.T, s string) expr.Expr {
	t.Helper()
	e, ds := expr.ParseExpr(s, expr.Source{Filename: "w"})
	if ds.HasErrors() {
		t.Fatal(ds[0])
	}
	return e
}

const inputs = `pipeline "p" {
  on {
    manual {
      input "force" {
        type = "boolean"
      }
      input "target" {}
      input "n" {
        type = "number"
      }
    }
  }
  stage "a" {
    step "s" { run = "true" }
  }
}
`

func TestFilterExpressions(t *testing.T) {
	e := newEmitter(plan(t, inputs))
	j := &cjob{Job: &compile.Job{}}
	cases := map[string]string{
		`ci.branch == "main" && ci.event == "push"`:              `pipeline.git.branch == "main" and pipeline.event.name == "push"`,
		`ci.event == "manual" || ci.event == "schedule"`:         `pipeline.event.name == "api" or pipeline.event.name == "schedule"`,
		`!(ci.event == "pull_request" || ci.tag == "x")`:         `not (pipeline.event.name == "pull_request" or pipeline.git.tag == "x")`,
		`matches(ci.branch, "release/**")`:                       `pipeline.git.branch starts-with "release/"`,
		`matches(ci.ref, "refs/heads/main")`:                     `pipeline.git.branch == "main"`,
		`startswith(ci.ref, "refs/tags/v")`:                      `pipeline.git.tag starts-with "v"`,
		`matches(ci.tag, "v*.*")`:                                `pipeline.git.tag matches /^v[^\/]*\.[^\/]*$/`,
		`input.force`:                                            `pipeline.parameters.force`,
		`!input.force`:                                           `not pipeline.parameters.force`,
		`input.force == true`:                                    `pipeline.parameters.force == true`,
		`input.n == 3`:                                           `pipeline.parameters.n == 3`,
		`input.target`:                                           `(pipeline.parameters.target != "" and pipeline.parameters.target != "false")`,
		`ci.branch != "main" && (ci.tag == "a" || !input.force)`: `pipeline.git.branch != "main" and (pipeline.git.tag == "a" or not pipeline.parameters.force)`,
		// not's operand is grouped unless it is one word or one group already.
		`!matches(ci.tag, "v*-rc")`:       `not (pipeline.git.tag matches /^v[^\/]*-rc$/)`,
		`!(ci.tag == "a(b")`:              `not (pipeline.git.tag == "a(b")`,
		`!input.target`:                   `not (pipeline.parameters.target != "" and pipeline.parameters.target != "false")`,
		`!startswith(ci.branch, "x) (y")`: `not (pipeline.git.branch starts-with "x) (y")`,
	}
	for src, want := range cases {
		x := parse(t, src)
		if !staticOK(x) {
			t.Errorf("%s: want a filter, got a run-time condition", src)
			continue
		}
		if got := e.filter(x, j); got != want {
			t.Errorf("%s:\n got %s\nwant %s", src, got, want)
		}
	}
	if len(e.diags) != 0 {
		t.Errorf("unexpected diagnostics: %v", e.diags)
	}
	// What CircleCI does not know when it creates the pipeline is decided in the job.
	for _, src := range []string{`stage.a.outputs.x == "1"`, `matrix.os == "linux"`, `ci.actor == "bot"`, `ci.ref == "refs/pull/1/head"`, `ci.branch == "say \"hi\""`} {
		if staticOK(parse(t, src)) {
			t.Errorf("%s: want a run-time condition", src)
		}
	}
}

// With a pull_request trigger, a test of the pushed ref must not pass in a pull-request
// pipeline, where pipeline.git.branch is the head branch its author chose.
func TestPushedRefFiltersExcludePullRequests(t *testing.T) {
	e := newEmitter(plan(t, `pipeline "p" {
  on {
    push {}
    pull_request {}
  }
  stage "a" {
    step "s" { run = "true" }
  }
}
`))
	j := &cjob{Job: &compile.Job{}}
	cases := map[string]string{
		`matches(ci.ref, "refs/heads/main")`:       `(pipeline.git.branch == "main" and pipeline.event.name != "pull_request")`,
		`ci.ref == "refs/heads/main"`:              `(pipeline.git.branch == "main" and pipeline.event.name != "pull_request")`,
		`ci.ref != "refs/heads/main"`:              `not (pipeline.git.branch == "main" and pipeline.event.name != "pull_request")`,
		`startswith(ci.ref, "refs/heads/rel")`:     `(pipeline.git.branch starts-with "rel" and pipeline.event.name != "pull_request")`,
		`matches(ci.ref, "!refs/heads/release/*")`: `not ((pipeline.git.branch matches /^release\/[^\/]*$/ and pipeline.event.name != "pull_request"))`,
		`ci.ref == "refs/tags/v1"`:                 `pipeline.git.tag == "v1"`,
		`ci.branch == "main"`:                      `pipeline.git.branch == "main"`,
	}
	for src, want := range cases {
		if got := e.filter(parse(t, src), j); got != want {
			t.Errorf("%s:\n got %s\nwant %s", src, got, want)
		}
	}
}

// pipeline.git.tag is "" on a branch push and pipeline.git.branch "" on a tag push: a
// trigger glob that matches "" must not admit the other kind of ref.
func TestTriggerGlobsMatchingEmptyNames(t *testing.T) {
	const spec = `pipeline "p" {
  on {
    push {
      %s
    }
  }
  stage "a" {
    step "s" { run = "true" }
  }
}
`
	cases := map[string]string{
		`tags = ["*"]`:              `pipeline.git.tag != "" and pipeline.git.tag matches /^[^\/]*$/`,
		`branches = ["main", "**"]`: `pipeline.git.branch != "" and (pipeline.git.branch == "main" or pipeline.git.branch starts-with "")`,
		`branches = ["main"]`:       `pipeline.git.branch == "main"`,
		`branches = ["**", "!*"]` + "\n" + `tags = ["v*"]`: `(pipeline.git.branch != "" and pipeline.git.branch starts-with "" and not (pipeline.git.branch matches /^[^\/]*$/)) or pipeline.git.tag matches /^v[^\/]*$/`,
	}
	for trigger, want := range cases {
		if got := newEmitter(plan(t, fmt.Sprintf(spec, trigger))).workflowWhen(); got != want {
			t.Errorf("push { %s }:\n got %s\nwant %s", trigger, got, want)
		}
	}
}

// In a tag pipeline CircleCI runs a job only when it has a tag filter (and so does every
// job it requires): jobs without an expression filter admit every tag.
func TestTagPipelinesAdmitEveryJob(t *testing.T) {
	const spec = `pipeline "p" {
  on {
    push {
      %s
    }
  }
  stage "a" {
    step "s" { run = "true" }
  }
  stage "b" {
    needs = ["a"]
    when  = ci.branch == "main"
    step "s" { run = "true" }
  }
}
`
	for trigger, want := range map[string]bool{`tags = ["v*"]`: true, ``: true, `branches = ["main"]`: false} {
		out, ds := Target{}.Emit(plan(t, fmt.Sprintf(spec, trigger)))
		if ds.HasErrors() {
			t.Fatal(ds)
		}
		got := strings.Contains(string(out), "      - a:\n          filters:\n            tags:\n              only: /.*/\n")
		if got != want {
			t.Errorf("push { %s }: tag filter on job a = %v, want %v\n%s", trigger, got, want, out)
		}
		if !strings.Contains(string(out), `filters: pipeline.git.branch == "main"`) {
			t.Errorf("push { %s }: job b lost its expression filter\n%s", trigger, out)
		}
	}
}

func TestJobName(t *testing.T) {
	cases := map[string]string{
		"build":                       "build",
		"deploy-production-canary-10": "deploy-production-canary-10",
		"_private":                    "job-_private",
		"9lives":                      "job-9lives",
		"a.b":                         "a-b",
	}
	for id, want := range cases {
		if got := jobName(id); got != want {
			t.Errorf("jobName(%q) = %q, want %q", id, got, want)
		}
	}
}

// The shell a job runs for a run-time condition decides as the filter would.
func TestShellConditionRuns(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	e := newEmitter(plan(t, inputs))
	j := &cjob{Job: &compile.Job{}}
	cases := []struct {
		cond string
		env  []string
		want bool
	}{
		{`input.target == "prod"`, []string{"PIPEC_INPUT_TARGET=prod"}, true},
		{`input.target == "prod"`, []string{"PIPEC_INPUT_TARGET=prod; rm -rf /"}, false},
		{`input.force`, []string{"PIPEC_INPUT_FORCE=false"}, false},
		{`input.force || startswith(ci.branch, "rel")`, []string{"CIRCLE_BRANCH=release/1"}, true},
		{`matches(ci.branch, "release/*") && !input.force`, []string{"CIRCLE_BRANCH=release/a/b"}, false},
		{`ci.event == "manual"`, []string{"PIPEC_CIRCLE_EVENT=api"}, true},
		{`ci.event == "push"`, []string{"PIPEC_CIRCLE_EVENT=pull_request"}, false},
		{`ci.ref == "refs/tags/v1"`, []string{"CIRCLE_TAG=v1"}, true},
	}
	for _, c := range cases {
		script := "if " + posix.Cond(parse(t, c.cond), e.valueOf(j)) + "; then echo yes; else echo no; fi"
		cmd := exec.Command("bash", "-c", script)
		cmd.Env = append([]string{"PATH=/usr/bin:/bin"}, c.env...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s: %v\n%s\n%s", c.cond, err, script, out)
		}
		if got := strings.TrimSpace(string(out)) == "yes"; got != c.want {
			t.Errorf("%s with %v: got %v, want %v\n%s", c.cond, c.env, got, c.want, script)
		}
	}
}

func emit(t *testing.T, src string) ([]byte, diag.Diagnostics) {
	t.Helper()
	return Target{}.Emit(plan(t, src))
}

func find(ds diag.Diagnostics, code string) *diag.Diagnostic {
	for _, d := range ds {
		if d.Code == code {
			return d
		}
	}
	return nil
}

// What CircleCI cannot express is a diagnostic at the spec's position, for circleci.
func TestUnsupportedDiagnostics(t *testing.T) {
	out, ds := emit(t, `pipeline "p" {
  on {
    push {
      branches = ["main"]
      paths    = ["src/**"]
    }
    schedule "nightly" {
      cron = "0 3 * * *"
    }
  }
  stage "test" {
    timeout = "10m"
    matrix {
      axes    = { a = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], b = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] }
      include = [{ a = 1, b = 1, c = "x" }, { a = 2, b = 2, d = "x" }, { a = 3, b = 3, e = "x" }, { a = 4, b = 4, f = "x" }]
    }
    step "s" { run = "true" }
  }
}
`)
	if out != nil {
		t.Errorf("want no output with an error, got:\n%s", out)
	}
	for code, sev := range map[string]diag.Severity{
		"matrix-include-too-large":  diag.Error,
		"schedule-outside-file":     diag.Warning,
		"paths-need-dynamic-config": diag.Warning,
		"timeout-unsupported":       diag.Warning,
	} {
		d := find(ds, code)
		if d == nil {
			t.Errorf("no %s diagnostic in %v", code, ds)
			continue
		}
		if d.Target != "circleci" || d.Severity != sev || d.Subject.IsZero() {
			t.Errorf("%s: want target circleci, severity %v and a position, got %+v", code, sev, d)
		}
	}
}

// An approval job is named after the job it gates: a stage of that name collides.
func TestNameCollision(t *testing.T) {
	_, ds := emit(t, `pipeline "p" {
  on {
    push {}
  }
  environment "prod" {
    approval = true
  }
  stage "ship-approval" {
    step "s" { run = "true" }
  }
  stage "ship" {
    environment = "prod"
    step "s" { run = "true" }
  }
}
`)
	d := find(ds, "job-name-collision")
	if d == nil || d.Target != "circleci" || d.Severity != diag.Error {
		t.Fatalf("want a job-name-collision error for circleci, got %v", ds)
	}
}

// Inputs reach scripts through the job's environment, never pasted into a command; a
// secret reaches only the step that names it; approvals are approval jobs.
func TestInputsSecretsApprovals(t *testing.T) {
	out, ds := emit(t, `pipeline "p" {
  on {
    manual {
      input "who" {}
    }
  }
  secret "token" {}
  environment "prod" {
    approval = true
  }
  stage "greet" {
    step "hello" { run = "echo hello ${input.who}" }
    step "other" { run = "true" }
  }
  stage "ship" {
    needs       = ["greet"]
    environment = "prod"
    step "push" {
      run = "push"
      env = { TOKEN = secret.token }
    }
  }
}
`)
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	s := string(out)
	for _, want := range []string{
		"PIPEC_INPUT_WHO: << pipeline.parameters.who >>",
		"echo hello ${PIPEC_INPUT_WHO}",
		"- ship-approval:\n          type: approval\n          requires:\n            - greet",
		"- ship:\n          requires:\n            - ship-approval\n            - greet",
		`TOKEN="${TOKEN:-}"`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("want %q in:\n%s", want, s)
		}
	}
	for _, line := range strings.Split(s, "\n") {
		if strings.Contains(line, "command:") && strings.Contains(line, "pipeline.parameters") {
			t.Errorf("a parameter is pasted into a command: %s", line)
		}
	}
	if strings.Count(s, "TOKEN") != 3 {
		t.Errorf("the secret should reach only the step that names it:\n%s", s)
	}
}

// Inside a stage's own chain a failure stops the rest, even when the stage may fail:
// [success, failed] is for the stages after it only.
func TestAllowFailureDoesNotContinueAChain(t *testing.T) {
	out, ds := Target{}.Emit(plan(t, `pipeline "p" {
  on {
    push {}
  }
  environment "prod" {}
  stage "dep" {
    environment   = "prod"
    allow_failure = true
    strategy "blue_green" {}
    step "d" { run = "deploy" }
    switch {
      step "s" { run = "swap" }
    }
  }
  stage "after" {
    needs = ["dep"]
    step "a" { run = "x" }
  }
}`))
	if ds.HasErrors() {
		t.Fatal(ds[0])
	}
	s := string(out)
	switch_ := s[strings.Index(s, "      - dep-switch:"):]
	switch_ = switch_[:strings.Index(switch_, "      - after:")]
	if strings.Contains(switch_, "failed") {
		t.Errorf("the switch runs after a failed deploy:\n%s", switch_)
	}
	if !strings.Contains(s[strings.Index(s, "      - after:"):], "- failed") {
		t.Errorf("the stage after a stage that may fail should run after its failure:\n%s", s)
	}
}

// Batches of one wave run at once, and CircleCI refuses a workspace that concurrent jobs
// wrote one file to: each batch persists its outputs and artifacts in directories of its
// own, and the stages after them merge those in batch order, so a value or a file only
// an earlier batch wrote reaches them too ("the last value written along the chain").
func TestRollingBatchesHandOnEveryBatchsWorkspace(t *testing.T) {
	out, ds := Target{}.Emit(plan(t, `pipeline "p" {
  on {
    push {}
  }
  environment "prod" {}
  stage "roll" {
    environment = "prod"
    outputs     = ["v"]
    strategy "rolling" {
      batches      = 4
      max_parallel = 2
    }
    step "d" { run = "echo v=1 >> \"$PIPEC_OUTPUT\"" }
    artifact "log" { paths = ["deploy.log"] }
  }
  stage "after" {
    needs = ["roll"]
    step "r" { run = "cat deploy.log; echo ${stage.roll.outputs.v}" }
  }
}`))
	if ds.HasErrors() {
		t.Fatal(ds[0])
	}
	var doc struct {
		Jobs map[string]struct {
			Steps []any `yaml:"steps"`
		} `yaml:"jobs"`
	}
	if err := yaml.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	seen := map[string]string{}
	for i := 1; i <= 4; i++ {
		job := fmt.Sprintf("roll-batch-%d", i)
		var paths []string
		for _, st := range doc.Jobs[job].Steps {
			m, _ := st.(map[string]any)
			p, _ := m["persist_to_workspace"].(map[string]any)
			for _, v := range asList(p["paths"]) {
				paths = append(paths, fmt.Sprint(v))
			}
		}
		want := fmt.Sprintf("[.pipec/batches/roll/%d .pipec/artifacts/roll/log/%d]", i, i)
		if fmt.Sprint(paths) != want {
			t.Errorf("%s persists %v, want %s", job, paths, want)
		}
		for _, p := range paths {
			if other, ok := seen[p]; ok {
				t.Errorf("%s and %s both persist %s", other, job, p)
			}
			seen[p] = job
		}
	}
	s := string(out)
	for _, want := range []string{
		`for n in 1 2 3 4; do d=.pipec/artifacts/roll/log/$n/; if [ -d "$d" ]; then cp -pR "$d." .; fi; done`,
		`for n in 1 2 3 4; do d=.pipec/batches/roll/$n/; if [ -d "$d" ]; then mkdir -p .pipec/outputs/roll && cp -pR "$d." .pipec/outputs/roll/; fi; done`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("the stage after does not merge the batches in order: want %s in\n%s", want, s)
		}
	}
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

// Deployments to one environment run one at a time, as on the other targets; a rolling
// deploy's batches each have their own group so max_parallel holds, and no environment
// shares one with a batch.
func TestDeploymentsAreSerialised(t *testing.T) {
	out, ds := Target{}.Emit(plan(t, `pipeline "p" {
  on {
    push {}
  }
  environment "prod" {}
  environment "prod-batch-1" {}
  stage "once" {
    environment = "prod"
    step "d" { run = "deploy" }
  }
  stage "other" {
    environment = "prod-batch-1"
    step "d" { run = "deploy" }
  }
  stage "roll" {
    needs       = ["once"]
    environment = "prod"
    strategy "rolling" {
      batches      = 2
      max_parallel = 2
    }
    step "d" { run = "deploy" }
  }
}`))
	if ds.HasErrors() {
		t.Fatal(ds[0])
	}
	for _, want := range []string{
		"serial-group: << pipeline.project.slug >>/deploy-prod\n",
		"serial-group: << pipeline.project.slug >>/deploy-prod/batch-1\n",
		"serial-group: << pipeline.project.slug >>/deploy-prod/batch-2\n",
	} {
		if n := strings.Count(string(out), want); n != 1 {
			t.Errorf("want %q once, got %d times in:\n%s", want, n, out)
		}
	}
}

// CircleCI has no include: the grid spreads the matrix over every key's values and
// excludes the rest, so the jobs CircleCI runs are exactly the matrix's cells.
func TestMatrixGridRunsExactlyTheCells(t *testing.T) {
	p := plan(t, `pipeline "p" {
  on {
    push {}
  }
  stage "t" {
    matrix {
      axes    = { os = ["linux", "mac"], v = [1, 2] }
      exclude = [{ os = "mac", v = 1 }]
      include = [{ os = "linux", extra = "x" }, { os = "win", v = 3 }]
    }
    step "s" { run = "echo ${matrix.extra}" }
  }
}
`)
	g := newGrid(p.Jobs[0].Matrix)
	if got := strings.Join(g.keys, ","); got != "os,v,extra" {
		t.Errorf("keys %s, want os,v,extra", got)
	}
	excluded := map[string]bool{}
	for _, c := range g.excluded() {
		excluded[g.id(c)] = true
	}
	var runs []string
	var walk func(i int, c map[string]string)
	walk = func(i int, c map[string]string) {
		if i == len(g.keys) {
			if !excluded[g.id(c)] {
				runs = append(runs, c["os"]+"/"+c["v"]+"/"+c["extra"])
			}
			return
		}
		for _, v := range g.values[i] {
			n := map[string]string{g.keys[i]: v}
			for k, x := range c {
				n[k] = x
			}
			walk(i+1, n)
		}
	}
	walk(0, map[string]string{})
	want := "linux/1/x linux/2/x mac/2/ win/3/"
	if got := strings.Join(runs, " "); got != want {
		t.Errorf("CircleCI would run %s\nwant %s", got, want)
	}
}

// Self-hosted labels without a NAMESPACE/NAME class warn, unless a native block names
// the resource class.
func TestSelfHostedResourceClass(t *testing.T) {
	const spec = `pipeline "p" {
  on {
    push {}
  }
  stage "gpu" {
    runner = ["self-hosted", "gpu"]
    %s
    step "s" { run = "true" }
  }
}
`
	cases := []struct {
		native, class string
		warn          bool
	}{
		{``, "resource_class: gpu", true},
		{`native "circleci" { resource_class = "acme/gpu" }`, "resource_class: acme/gpu", false},
	}
	for _, c := range cases {
		out, ds := emit(t, fmt.Sprintf(spec, c.native))
		if ds.HasErrors() {
			t.Fatal(ds)
		}
		if !strings.Contains(string(out), c.class) {
			t.Errorf("%q: want %s in\n%s", c.native, c.class, out)
		}
		if got := find(ds, "runner-resource-class") != nil; got != c.warn {
			t.Errorf("%q: runner-resource-class warning %v, want %v", c.native, got, c.warn)
		}
	}
	out, ds := emit(t, strings.Replace(fmt.Sprintf(spec, ""), `["self-hosted", "gpu"]`, `["self-hosted", "acme/gpu"]`, 1))
	if !strings.Contains(string(out), "resource_class: acme/gpu") || find(ds, "runner-resource-class") != nil {
		t.Errorf("a NAMESPACE/NAME label is the resource class:\n%s", out)
	}
}

// Fixes from the review of the CircleCI output, each checked on the emitted file.
func TestReviewFixes(t *testing.T) {
	cases := []struct {
		name, spec string
		want       []string // substrings of the output
		not        []string
		codes      []string // diagnostics expected
	}{
		{
			name: "matrix cell status files are named from the shell",
			spec: `pipeline "p" {
  on {
    push {}
  }
  stage "build" {
    when = matrix.os == "linux"
    matrix {
      axes = { os = ["linux", "mac"], ver = ["lts/*", "a b"] }
    }
    step "s" { run = "true" }
  }
}`,
			want: []string{`"$PIPEC_DIR/status/build/$(printf '%s\n' "$PIPEC_MATRIX_OS" "$PIPEC_MATRIX_VER" | cksum | cut -d' ' -f1)"`},
			not:  []string{`status/build/\<<`},
		},
		{
			name: "without a push trigger only the declared events run the workflow",
			spec: `pipeline "p" {
  on {
    pull_request {}
    manual {}
  }
  stage "a" {
    step "s" { run = "true" }
  }
}`,
			want: []string{`when: pipeline.event.name == "pull_request" or pipeline.event.name == "api"`},
		},
		{
			name: "native workflow-entry keys go to the entry",
			spec: `pipeline "p" {
  on {
    push {}
  }
  stage "a" {
    step "s" { run = "true" }
    native "circleci" {
      context        = ["prod"]
      resource_class = "large"
    }
  }
}`,
			want: []string{"    resource_class: large\n", "      - a:\n          filters:\n            tags:\n              only: /.*/\n          context:\n            - prod\n"},
		},
		{
			name: "parameter names CircleCI refuses",
			spec: `pipeline "p" {
  on {
    manual {
      input "_force" {
        type = "boolean"
      }
    }
  }
  stage "a" {
    matrix {
      axes = { OS = ["a"] }
    }
    step "s" { run = "echo ${input._force}" }
  }
}`,
			codes: []string{"parameter-name", "parameter-name"},
		},
		{
			name: "vault secrets and raw OIDC tokens are not masked",
			spec: `pipeline "p" {
  on {
    push {}
  }
  vault {
    address = "https://vault.example.com"
    role    = "ci"
  }
  secret "db" {
    vault {
      path  = "secret/data/db"
      field = "password"
    }
  }
  identity "reg" {
    oidc {
      audience = "https://registry.example.com"
      env      = "REG_TOKEN"
    }
  }
  stage "a" {
    identity = "reg"
    step "s" { run = "use \"${secret.db}\"" }
  }
}`,
			codes: []string{"vault-cli", "unmasked-secret", "unmasked-secret"},
		},
		{
			name: "cache paths: a directory's glob is the directory, other globs warn",
			spec: `pipeline "p" {
  on {
    push {}
  }
  stage "a" {
    cache {
      paths     = ["node_modules/**", "vendor/*", "build/*.o"]
      key_files = ["package-lock.json"]
    }
    step "s" { run = "true" }
  }
}`,
			want:  []string{"- node_modules\n", "- vendor\n", "- build/*.o\n"},
			codes: []string{"cache-path-glob"},
		},
	}
	for _, c := range cases {
		out, ds := emit(t, c.spec)
		for _, w := range c.want {
			if !strings.Contains(string(out), w) {
				t.Errorf("%s: output lacks %q\n%s", c.name, w, out)
			}
		}
		for _, n := range c.not {
			if strings.Contains(string(out), n) {
				t.Errorf("%s: output has %q\n%s", c.name, n, out)
			}
		}
		var got []string
		for _, d := range ds {
			if d.Code != "github-app-values" {
				got = append(got, d.Code)
			}
			if d.Target != "circleci" || d.Subject.IsZero() {
				t.Errorf("%s: %v lacks a target or position", c.name, d)
			}
		}
		if strings.Join(got, ",") != strings.Join(c.codes, ",") {
			t.Errorf("%s: diagnostics %v, want %v", c.name, got, c.codes)
		}
	}
}

// TestMatrixArtifactsMergeEveryCell runs what the YAML says: each cell of a matrix
// collects its artifact into a directory of its own (the workspace layers CircleCI
// would make must not share a file), and a job after it merges every cell's files back
// at their paths, dot files included.
func TestMatrixArtifactsMergeEveryCell(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	out, ds := emit(t, `pipeline "p" {
  on {
    push {}
  }
  stage "build" {
    matrix {
      axes = {
        os = ["linux", "mac os"]
      }
    }
    step "s" { run = "true" }
    artifact "bin" { paths = ["out dir/**/*.bin", ".meta/"] }
  }
  stage "use" {
    needs = ["build"]
    step "s" { run = "true" }
  }
}`)
	if ds.HasErrors() {
		t.Fatal(ds[0])
	}
	var doc struct {
		Jobs map[string]struct {
			Steps []any `yaml:"steps"`
		} `yaml:"jobs"`
	}
	if err := yaml.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	command := func(job, name string) string {
		for _, s := range doc.Jobs[job].Steps {
			if m, ok := s.(map[string]any); ok {
				if r, ok := m["run"].(map[string]any); ok && r["name"] == name {
					return r["command"].(string)
				}
			}
		}
		t.Fatalf("job %s has no step %q:\n%s", job, name, out)
		return ""
	}
	collect, merge := command("build", "pipec artifact bin"), command("use", "pipec artifacts")
	sh := func(dir, script string, env ...string) {
		t.Helper()
		cmd := exec.Command("bash", "-eo", "pipefail", "-c", script)
		cmd.Dir = dir
		cmd.Env = append([]string{"PATH=/usr/bin:/bin"}, env...)
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%v\n%s\n%s", err, script, b)
		}
	}
	workspace := map[string]string{} // path -> cell that persisted it
	ws := t.TempDir()
	for _, os := range []string{"linux", "mac os"} {
		cell := t.TempDir()
		sh(cell, `mkdir -p "out dir/x" .meta && echo "$OS" > "out dir/x/$OS.bin" && echo "$OS" > ".meta/$OS" && echo no > "out dir/skip.txt"`, "OS="+os)
		sh(cell, collect, "PIPEC_MATRIX_OS="+os)
		// persist_to_workspace: .pipec/artifacts/build, from root .
		cmd := exec.Command("find", ".pipec/artifacts/build", "-type", "f")
		cmd.Dir = cell
		list, err := cmd.Output()
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range strings.Split(strings.TrimSpace(string(list)), "\n") {
			if prev, ok := workspace[f]; ok {
				t.Errorf("cells %q and %q both persist %s: CircleCI fails attach_workspace", prev, os, f)
			}
			workspace[f] = os
		}
		sh(cell, `tar -cf - .pipec | tar -xf - -C "$WS"`, "WS="+ws)
	}
	sh(ws, merge)
	for _, f := range []string{"out dir/x/linux.bin", "out dir/x/mac os.bin", ".meta/linux", ".meta/mac os"} {
		cmd := exec.Command("test", "-f", f)
		cmd.Dir = ws
		if cmd.Run() != nil {
			t.Errorf("after the merge %q is missing", f)
		}
	}
	cmd := exec.Command("test", "-e", "out dir/skip.txt")
	cmd.Dir = ws
	if cmd.Run() == nil {
		t.Errorf("a file no artifact path names was handed on")
	}
}

// TestChainOutputsKeepTheLastValueWritten runs the output scripts of a canary's jobs in
// order on one workspace: a job that writes a key empty, or not at all, hands on the
// value an earlier increment wrote, as GitHub (`||`) and GitLab (`:-`) do.
func TestChainOutputsKeepTheLastValueWritten(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	out, ds := emit(t, `pipeline "p" {
  on {
    push {}
  }
  environment "prod" {}
  stage "roll" {
    environment = "prod"
    strategy "canary" {
      increments = [10, 50]
    }
    outputs = ["version", "note"]
    step "s" { run = "true" }
  }
}`)
	if ds.HasErrors() {
		t.Fatal(ds[0])
	}
	var doc struct {
		Jobs map[string]struct {
			Steps []any `yaml:"steps"`
		} `yaml:"jobs"`
	}
	if err := yaml.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	command := func(job string) string {
		for _, s := range doc.Jobs[job].Steps {
			if m, ok := s.(map[string]any); ok {
				if r, ok := m["run"].(map[string]any); ok && r["name"] == "pipec outputs" {
					return r["command"].(string)
				}
			}
		}
		t.Fatalf("job %s has no outputs step:\n%s", job, out)
		return ""
	}
	ws := t.TempDir()
	for _, c := range []struct{ job, written string }{
		{"roll-canary-10", "version=1\nnote=first\n"},
		{"roll-canary-50", "version=2\nversion=\n"},
		{"roll-canary-100", "other=x\n"},
	} {
		file := filepath.Join(t.TempDir(), "output")
		if err := os.WriteFile(file, []byte(c.written), 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command("bash", "-eo", "pipefail", "-c", command(c.job))
		cmd.Dir = ws
		cmd.Env = []string{"PATH=/usr/bin:/bin", "PIPEC_DIR=" + ws, "PIPEC_OUTPUT=" + file}
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", c.job, err, b)
		}
	}
	for key, want := range map[string]string{"version": "1\n", "note": "first\n"} {
		got, _ := os.ReadFile(filepath.Join(ws, "outputs", "roll", key))
		if string(got) != want {
			t.Errorf("after the chain, output %s is %q, want %q", key, got, want)
		}
	}
}

// CircleCI inserts its pipeline values into any string of the config, an image too, so
// the ci values it has as pipeline values may be read where no shell runs; a reference
// only a shell knows is an error at the reference, naming it.
func TestPipelineValuesWhereNoShellRuns(t *testing.T) {
	out, ds := emit(t, `pipeline "p" {
  on {
    push {}
  }
  stage "a" {
    image = "ghcr.io/x/app:${ci.commit_sha}"
    service "db" {
      image = "postgres:${ci.run_number}"
      env = {
        REV = "${ci.branch}@${ci.tag}"
      }
    }
    step "s" { run = "true" }
  }
}
`)
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	for _, want := range []string{
		"- image: ghcr.io/x/app:<< pipeline.git.revision >>",
		"- image: postgres:<< pipeline.number >>",
		"REV: << pipeline.git.branch >>@<< pipeline.git.tag >>",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("want %q in:\n%s", want, out)
		}
	}

	_, ds = emit(t, `pipeline "p" {
  on {
    push {}
  }
  stage "a" {
    image = "ghcr.io/x/app:${ci.short_sha}"
    service "db" {
      image = "postgres:16"
      env = {
        REV = "x-${ci.commit_sha}-${ci.run_id}"
      }
    }
    step "s" { run = "true" }
  }
}
`)
	// Each error points at the reference's name, not at the whole string.
	want := map[string]diag.Pos{
		"ci.short_sha cannot be used in an image on CircleCI":     {Line: 6, Column: 30},
		"ci.run_id cannot be used in a service's env on CircleCI": {Line: 10, Column: 37},
	}
	for _, d := range ds {
		pos, ok := want[d.Summary]
		if !ok || d.Code != "unsupported-reference" {
			t.Errorf("unexpected %v", d)
			continue
		}
		delete(want, d.Summary)
		if got := d.Subject.Start; got.Line != pos.Line || got.Column != pos.Column {
			t.Errorf("%s: at %d:%d, want %d:%d", d.Summary, got.Line, got.Column, pos.Line, pos.Column)
		}
	}
	for msg := range want {
		t.Errorf("no %q in %v", msg, ds)
	}
}

// CircleCI's parameters have no float type: a number input is an integer parameter, and
// a default that is not an integer is refused at the default, as docs/language.md says.
func TestNumberInputsAreIntegers(t *testing.T) {
	src := func(def string) string {
		return `pipeline "p" {
  on {
    manual {
      input "n" {
        type    = "number"
        default = ` + def + `
      }
    }
  }
  stage "a" {
    step "s" { run = "echo ${input.n}" }
  }
}
`
	}
	out, ds := emit(t, src("3"))
	if ds.HasErrors() || !strings.Contains(string(out), "type: integer\n    default: 3\n") {
		t.Errorf("want an integer parameter with default 3, got %v:\n%s", ds, out)
	}
	for _, def := range []string{"2.50", "-0.5", "2.0"} {
		_, ds := emit(t, src(def))
		d := find(ds, "non-integer-input")
		if d == nil || d.Severity != diag.Error || d.Subject.Start.Line != 6 || d.Subject.Start.Column != 19 {
			t.Errorf("default %s: want a non-integer-input error at 6:19, got %v", def, ds)
		}
	}
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "language.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(doc), "`non-integer-input`") {
		t.Error("docs/language.md does not say that CircleCI refuses a number input's non-integer default (non-integer-input)")
	}
}

// The Vault login passes the auth mount and the role to the vault CLI as single words,
// whatever they hold: a ';' or '$(...)' in the spec is text for Vault, never shell code.
// Stubs of vault and circleci on PATH record the arguments.
func TestVaultLoginQuotesNames(t *testing.T) {
	p := plan(t, `pipeline "p" {
  on {
    push {}
  }
  vault {
    address   = "https://vault.example.com"
    role      = "ci';touch$${IFS}role;'"
    auth_path = "jwt;touch$${IFS}mount"
  }
  secret "db" {
    vault {
      path  = "secret/data/db"
      field = "password"
    }
  }
  stage "s" {
    step "read" { run = "test -n \"${secret.db}\"" }
  }
}`)
	script := (&emitter{plan: p, warned: map[string]bool{}}).vaultLogin()
	dir := runWithStubs(t, script, map[string]string{
		"vault":    "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"$(dirname \"$0\")/args\"\necho token\n",
		"circleci": "#!/bin/sh\necho oidc-token\n",
	})
	args, _ := os.ReadFile(filepath.Join(dir, "args"))
	want := "write\n-field=token\nauth/jwt;touch${IFS}mount/login\nrole=ci';touch${IFS}role;'\njwt=oidc-token\n"
	if string(args) != want {
		t.Errorf("vault got arguments\n%s\nwant\n%s", args, want)
	}
	for _, f := range []string{"mount", "role"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err == nil {
			t.Errorf("the script ran the %s's text as a command", f)
		}
	}
}

// A step that reads a Vault secret gets the secret, not the Vault token: the token reads
// every secret the role may read, and the step's code, and every program it starts,
// would hold it in VAULT_TOKEN. Stubs of vault and circleci stand in for the CLIs.
func TestVaultTokenStaysOutOfTheStep(t *testing.T) {
	out, ds := emit(t, `pipeline "p" {
  on {
    push {}
  }
  vault {
    address = "https://vault.example.com"
    role    = "ci"
  }
  secret "db" {
    vault {
      path  = "secret/data/db"
      field = "password"
    }
  }
  stage "s" {
    step "read" {
      run = "env > env.txt; test \"$DB\" = the-secret"
      env = { DB = secret.db }
    }
  }
}`)
	if ds.HasErrors() {
		t.Fatal(ds[0])
	}
	var doc struct {
		Jobs map[string]struct {
			Steps []any `yaml:"steps"`
		} `yaml:"jobs"`
	}
	if err := yaml.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	run := doc.Jobs["s"].Steps[1].(map[string]any)["run"].(map[string]any)["command"].(string)
	dir := runWithStubs(t, run, map[string]string{
		"vault":    "#!/bin/sh\nif [ \"$1\" = write ]; then echo the-vault-token; exit; fi\n[ \"$VAULT_TOKEN\" = the-vault-token ] && echo the-secret\n",
		"circleci": "#!/bin/sh\necho oidc-token\n",
	})
	env, _ := os.ReadFile(filepath.Join(dir, "env.txt"))
	if strings.Contains(string(env), "the-vault-token") {
		t.Errorf("the step's code sees the Vault token:\n%s", env)
	}
}

// CircleCI reads "<< ... >>" anywhere in its config as a pipeline value or parameter
// (unknown names fail the pipeline): spec text in matrix values, cache keys and paths
// and artifact paths is escaped as \<<, as in scripts and env; an input's default,
// options and description cannot hold it (error).
func TestLiteralParamSyntaxIsEscaped(t *testing.T) {
	out, ds := emit(t, `pipeline "p" {
  on {
    push {}
  }
  stage "a" {
    matrix {
      axes = { v = ["<< pipeline.id >>", "b"] }
      exclude = [{ v = "<< pipeline.id >>" }]
      include = [{ v = "c", w = "<< w >>" }]
    }
    cache {
      key   = "k<< y >>"
      paths = ["<< c >>/x"]
    }
    artifact "o" {
      paths = ["dist/<< z >>"]
    }
    step "s" { run = "echo" }
  }
}`)
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	for _, line := range strings.Split(string(out), "\n") {
		if strings.Contains(line, "<<") && !strings.Contains(line, `\<<`) && !strings.Contains(line, "<< parameters.") && !strings.HasPrefix(line, "#") {
			t.Errorf("unescaped: %s", line)
		}
	}
	for _, want := range []string{`- "\\<< pipeline.id >>"`, `"v1-k\\<< y >>-{{ arch }}-`, `- "\\<< c >>/x"`, `path: "dist/\\<< z >>"`} {
		if !strings.Contains(string(out), want) {
			t.Errorf("want %s in:\n%s", want, out)
		}
	}
	_, ds = emit(t, `pipeline "p" {
  on {
    manual {
      input "x" {
        type        = "choice"
        options     = ["a", "<< pipeline.id >>"]
        default     = "a"
        description = "<< d >>"
      }
      input "y" {
        default = "<< pipeline.git.branch >>"
      }
    }
  }
  stage "a" {
    step "s" { run = "echo" }
  }
}`)
	var at []string
	for _, d := range ds {
		if d.Code == "unsupported-character" {
			at = append(at, d.Subject.String())
		}
	}
	if got := strings.Join(at, " "); got != "p.hcl:4:7 p.hcl:6:29 p.hcl:11:19" {
		t.Errorf("unsupported-character errors at %q: %v", got, ds)
	}
}

// CircleCI passes a job's parameters as keys of the workflow entry that runs it (a matrix
// expands into entries with one key per parameter): a matrix key named like one of the
// entry's own keys (name, requires, context, ...) is an error.
func TestMatrixKeysNamedLikeEntryKeys(t *testing.T) {
	_, ds := emit(t, `pipeline "p" {
  on {
    push {}
  }
  stage "a" {
    matrix {
      axes    = { name = ["x"], os = ["l"] }
      include = [{ os = "l", context = "c" }]
    }
    step "s" { run = "echo" }
  }
}`)
	var got []string
	for _, d := range ds {
		got = append(got, d.Subject.String()+" "+d.Code)
	}
	if want := "p.hcl:7:19 parameter-name,p.hcl:8:30 parameter-name"; strings.Join(got, ",") != want {
		t.Errorf("got %s, want %s", strings.Join(got, ","), want)
	}
}

// Git allows '"' and "<<" in a branch name, and so in a glob: a CircleCI string cannot
// hold '"' (the glob becomes a regular expression) and CircleCI would read "<< ... >>" as
// a parameter (escaped), in the workflow's when and in a job's filters alike.
func TestBranchGlobsWithQuotesAndParamSyntax(t *testing.T) {
	out, ds := emit(t, `pipeline "p" {
  on {
    push {
      branches = ["say\"hi\"", "a<<b>>", "rel\"/**"]
    }
  }
  environment "prod" {
    branches = ["say\"hi\""]
  }
  stage "a" {
    environment = "prod"
    step "s" { run = "echo" }
  }
}`)
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	for _, want := range []string{
		`when: "pipeline.git.branch matches /^say\"hi\"$/ or pipeline.git.branch == \"a\\<<b>>\" or pipeline.git.branch matches /^rel\"\\/.*$/"`,
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("want %s in:\n%s", want, out)
		}
	}
	for _, line := range strings.Split(string(out), "\n") {
		if strings.Contains(line, `== \"say\"hi`) {
			t.Errorf("unescaped quote: %s", line)
		}
	}
}

// A cache key file that is missing (an optional lock file) or a directory adds nothing to
// the key, as on GitHub and GitLab, and does not fail the job; the files that exist still
// key the cache.
func TestCacheKeyFilesMayBeMissing(t *testing.T) {
	out, ds := emit(t, `pipeline "p" {
  on {
    push {}
  }
  stage "test" {
    cache {
      paths     = [".venv"]
      key_files = ["requirements.txt", "poetry.lock", "**/go.sum", "vendor"]
    }
    step "t" { run = "pytest" }
  }
}`)
	if ds.HasErrors() {
		t.Fatal(ds[0])
	}
	script := runCommand(t, out, "test", "pipec cache key")
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "requirements.txt"), []byte("requests\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "vendor"), 0o755); err != nil {
		t.Fatal(err)
	}
	keyFile := regexp.MustCompile(`> (\S+)\n$`).FindStringSubmatch(script)
	if keyFile == nil {
		t.Fatalf("no key file in %q", script)
	}
	script = strings.Replace(script, keyFile[1], filepath.Join(dir, "key"), 1)
	cmd := exec.Command("bash", "-eo", "pipefail", "-c", script)
	cmd.Dir = dir
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s\n%s", err, script, b)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "key")); string(b) != "requirements.txt\nrequests\n" {
		t.Errorf("key file holds %q", b)
	}
}

// runWithStubs runs script under bash -eo pipefail, as CircleCI runs a step, in a new
// directory holding the stub commands stubs (name to sh script), which come first on PATH,
// and returns that directory.
func runWithStubs(t *testing.T, script string, stubs map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range stubs {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command("bash", "-eo", "pipefail", "-c", script)
	cmd.Dir = dir
	cmd.Env = []string{"PATH=" + dir + ":/usr/bin:/bin"}
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s\n%s", err, b, script)
	}
	return dir
}

// A job that hands values to its later steps through $BASH_ENV fails in an image without
// bash, where CircleCI runs steps with sh: a warning at the image says so. A stage whose
// steps need nothing handed on runs there as it is.
func TestBashEnvInImageWithoutBash(t *testing.T) {
	_, ds := emit(t, `pipeline "p" {
  on {
    push {}
  }
  stage "a" {
    image   = "alpine:3.20"
    outputs = ["v"]
    step "s" {
      shell = "sh"
      run   = "echo v=1 >> \"$PIPEC_OUTPUT\""
    }
  }
  stage "b" {
    image = "curlimages/curl:8.10.1"
    step "s" {
      shell = "sh"
      run   = "curl -sf https://example.com/"
    }
  }
}`)
	var got []string
	for _, d := range ds {
		if d.Code == "image-without-bash" {
			got = append(got, d.Subject.String())
		}
	}
	if strings.Join(got, ",") != "p.hcl:6:15" {
		t.Errorf("image-without-bash at %v, want p.hcl:6:15 alone: %v", got, ds)
	}
}

// An approval job cannot decide a condition: when the gated job decides part of its own
// condition at run time, the approval is asked for in runs where it is false too, which
// is said at that part. Branch rules and matrix values are not such parts.
func TestApprovalBeforeRuntimeCondition(t *testing.T) {
	spec := func(when string) string {
		return `pipeline "p" {
  on {
    push {}
  }
  environment "prod" {
    approval = true
    branches = ["main"]
  }
  stage "check" {
    outputs = ["go"]
    step "c" { run = "echo go=yes >> $PIPEC_OUTPUT" }
  }
  stage "ship" {
    needs       = ["check"]
    environment = "prod"
    matrix {
      axes = { region = ["eu", "us"] }
    }
    when = ` + when + `
    step "d" { run = "./deploy" }
  }
}`
	}
	_, ds := emit(t, spec(`matrix.region != "us" && stage.check.outputs.go == "yes"`))
	d := find(ds, "approval-before-condition")
	if d == nil {
		t.Fatalf("want a warning that the approval comes before the condition, got %v", ds)
	}
	if d.Subject.Start.Line != 19 || d.Subject.Start.Column != 37 {
		t.Errorf("want the warning at the output test (19:37), got %v", d.Subject)
	}
	_, ds = emit(t, spec(`matrix.region != "us" && ci.event == "push"`))
	if d := find(ds, "approval-before-condition"); d != nil {
		t.Errorf("matrix values and pipeline values are no run-time condition of the approval: %v", d)
	}
}

// A deploy that needs a stage ending early at run time ends early too, but CircleCI
// cannot skip its approval job: the approval is asked for in vain, a warning at the part
// of the earlier stage's condition that decides it.
func TestApprovalAfterAStageThatMayEndEarly(t *testing.T) {
	_, ds := emit(t, `pipeline "p" {
  on {
    push {}
  }
  environment "prod" {
    approval = true
  }
  stage "check" {
    outputs = ["go"]
    step "c" { run = "echo go=yes >> $PIPEC_OUTPUT" }
  }
  stage "build" {
    needs = ["check"]
    when  = stage.check.outputs.go == "yes"
    step "b" { run = "make" }
  }
  stage "ship" {
    needs       = ["build"]
    environment = "prod"
    step "d" { run = "./deploy" }
  }
}`)
	d := find(ds, "approval-before-condition")
	if d == nil {
		t.Fatalf("want a warning that the approval may be asked in vain, got %v", ds)
	}
	if d.Subject.Start.Line != 14 || d.Subject.Start.Column != 13 || !strings.Contains(d.Summary, `"ship"`) || !strings.Contains(d.Summary, `"build"`) {
		t.Errorf("want the warning at build's condition (14:13) naming both stages, got %v: %s", d.Subject, d.Summary)
	}
}

// Two different warnings at one spec position are both said.
func TestWarnOnceKeepsDifferentWarningsAtOnePlace(t *testing.T) {
	e := newEmitter(&compile.Plan{})
	var rng diag.Range
	e.warnOnce(rng, "a", "", "first")
	e.warnOnce(rng, "b", "", "second")
	e.warnOnce(rng, "b", "", "second")
	if len(e.diags) != 2 {
		t.Errorf("want two warnings, got %v", e.diags)
	}
}

// CircleCI's approval jobs do not say who approves: each approval says, once, how to
// restrict it, unless the stage names a context.
func TestApprovalSaysWhoApproves(t *testing.T) {
	spec := func(native string) string {
		return `pipeline "p" {
  on {
    push {}
  }
  environment "prod" {
    approval = true
  }
  stage "a" {
    environment = "prod"
    step "d" { run = "./deploy" }
    ` + native + `
  }
  stage "b" {
    environment = "prod"
    strategy "canary" {
      increments = [10]
      approval   = true
    }
    step "d" { run = "./deploy" }
    ` + native + `
  }
}`
	}
	_, ds := emit(t, spec(""))
	var lines []int
	for _, d := range ds {
		if d.Code == "approval-unrestricted" {
			lines = append(lines, d.Subject.Start.Line)
		}
	}
	if fmt.Sprint(lines) != "[6 17]" {
		t.Errorf("want one warning at the environment's approval and one at the canary's, got lines %v", lines)
	}
	// A canary that asks before each increase, to an environment without approval.
	_, ds = emit(t, strings.Replace(spec(""), "approval = true\n  }", "}", 1))
	if d := find(ds, "approval-unrestricted"); d == nil || d.Subject.Start.Line != 16 || !strings.Contains(d.Detail, `"b-canary-100-approval"`) {
		t.Errorf("want the warning at the canary's approval alone, got %v", ds)
	}
	_, ds = emit(t, spec("native \"circleci\" {\n      context = [\"prod-approvers\"]\n    }"))
	if d := find(ds, "approval-unrestricted"); d != nil {
		t.Errorf("a stage with a context says who approves: %v", d)
	}
}

// Env that replaces one of CircleCI's built-in variables (CIRCLE_SHA1, CIRCLE_BRANCH, ...)
// changes what the job, and pipec's ci references, read there alone: a warning at each.
// CIRCLE_TOKEN is no built-in.
func TestEnvReplacingBuiltInVariables(t *testing.T) {
	out, ds := emit(t, `pipeline "p" {
  on {
    push {}
  }
  env = { CIRCLE_SHA1 = "pinned", CIRCLE_TOKEN = "x" }
  stage "s" {
    env = { circle_branch = "main" }
    step "x" {
      run = "echo ${ci.commit_sha}"
      env = { CI = "1" }
    }
  }
}`)
	if out == nil {
		t.Fatal("no output for warnings only")
	}
	var got []string
	for _, d := range ds {
		got = append(got, d.Subject.String()+" "+d.Severity.String()+" "+d.Target+"/"+d.Code)
	}
	want := "p.hcl:5:11 warning circleci/reserved-name,p.hcl:7:13 warning circleci/reserved-name,p.hcl:10:15 warning circleci/reserved-name"
	if strings.Join(got, ",") != want {
		t.Errorf("got  %s\nwant %s", strings.Join(got, ","), want)
	}
}

// A PowerShell or cmd step on Windows writes $PIPEC_OUTPUT with CRLF line ends: the
// value reaches the workspace file, and the stages after it, without the "\r", as on
// the other targets (GitLab's dotenv parser and GitHub's and Azure's line readers drop
// it there).
func TestOutputsWrittenWithCRLF(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	out, ds := emit(t, `pipeline "p" {
  on {
    push {}
  }
  stage "win" {
    runner  = "windows"
    outputs = ["version", "note"]
    step "s" {
      shell = "pwsh"
      run   = "'version=1.2' >> $env:PIPEC_OUTPUT"
    }
  }
}`)
	if ds.HasErrors() {
		t.Fatal(ds[0])
	}
	command := runCommand(t, out, "win", "pipec outputs")
	ws := t.TempDir()
	file := filepath.Join(t.TempDir(), "output")
	if err := os.WriteFile(file, []byte("version=1.2\r\nnote=a b\r\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("bash", "-eo", "pipefail", "-c", command)
	cmd.Dir = ws
	cmd.Env = []string{"PATH=/usr/bin:/bin", "PIPEC_DIR=" + ws, "PIPEC_OUTPUT=" + file}
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, b)
	}
	for key, want := range map[string]string{"version": "1.2\n", "note": "a b\n"} {
		got, _ := os.ReadFile(filepath.Join(ws, "outputs", "win", key))
		if string(got) != want {
			t.Errorf("output %s is %q, want %q", key, got, want)
		}
	}
}

// runCommand is the command of the run step named name in job of a CircleCI config; the
// test fails when the job has none.
func runCommand(t *testing.T, out []byte, job, name string) string {
	t.Helper()
	var doc struct {
		Jobs map[string]struct {
			Steps []any `yaml:"steps"`
		} `yaml:"jobs"`
	}
	if err := yaml.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	for _, s := range doc.Jobs[job].Steps {
		if m, ok := s.(map[string]any); ok {
			if r, ok := m["run"].(map[string]any); ok && r["name"] == name {
				return r["command"].(string)
			}
		}
	}
	t.Fatalf("job %s has no step %q:\n%s", job, name, out)
	return ""
}

// TestIsInteger: a literal compared with a number input is written bare only when it is
// a whole number, as the pattern -?[0-9]+ says.
func TestIsInteger(t *testing.T) {
	for lit, want := range map[string]bool{"0": true, "42": true, "-7": true, "": false, "-": false, "1.5": false, "1e3": false, "+1": false, "0x1": false, " 1": false, "--1": false} {
		if got := isInteger(lit); got != want {
			t.Errorf("isInteger(%q) = %v, want %v", lit, got, want)
		}
	}
}

// pipec gathers a cache's key files and an artifact's files with bash (shopt, arrays), and
// reads a matrix's artifacts back with shopt: in an image without bash, where CircleCI
// runs steps with sh, such a job fails, and a warning at the image says so. A stage in
// such an image with neither runs as it is.
func TestGatheringStepsInImageWithoutBash(t *testing.T) {
	_, ds := emit(t, `pipeline "p" {
  on {
    push {}
  }
  stage "cached" {
    image = "node:20-alpine"
    cache {
      paths     = ["node_modules"]
      key_files = ["package-lock.json"]
    }
    step "s" {
      shell = "sh"
      run   = "npm ci"
    }
  }
  stage "collects" {
    image = "node:20-alpine"
    matrix {
      axes = { n = ["1", "2"] }
    }
    step "s" {
      shell = "sh"
      run   = "mkdir -p dist && touch dist/a"
    }
    artifact "dist" {
      paths = ["dist/**"]
    }
  }
  stage "reads" {
    needs = ["collects"]
    image = "busybox:1.36"
    step "s" {
      shell = "sh"
      run   = "ls dist"
    }
  }
  stage "plain" {
    image = "node:20-alpine"
    step "s" {
      shell = "sh"
      run   = "true"
    }
  }
}`)
	var got []string
	for _, d := range ds {
		if d.Code == "image-without-bash" {
			got = append(got, d.Subject.String()+" "+d.Summary)
		}
	}
	want := []string{
		`p.hcl:6:13 stage "cached" runs in "node:20-alpine", which has no bash, and fails on CircleCI`,
		`p.hcl:17:13 stage "collects" runs in "node:20-alpine", which has no bash, and fails on CircleCI`,
		`p.hcl:31:13 stage "reads" runs in "busybox:1.36", which has no bash, and fails on CircleCI`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("image-without-bash:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// CircleCI's agent opens the file of a cache key's checksum with Windows' paths, where
// /tmp is C:\tmp and not the /tmp of the Git for Windows bash that wrote it (the restore
// fails with "error computing cache key"): a job that may run on Windows writes the file
// under the job's working directory, which both read alike. Linux and macOS keep /tmp.
func TestCacheKeyFileOnWindows(t *testing.T) {
	for runner, want := range map[string]string{
		`"windows"`:                  `.pipec/cache-key-build`,
		`["self-hosted", "builder"]`: `.pipec/cache-key-build`,
		`"linux"`:                    `/tmp/pipec-cache-key-build`,
		`"macos"`:                    `/tmp/pipec-cache-key-build`,
	} {
		out, ds := emit(t, `pipeline "p" {
  on {
    push {}
  }
  stage "build" {
    runner = `+runner+`
    cache {
      paths     = ["packages"]
      key_files = ["**/packages.lock.json"]
    }
    step "s" {
      run = "true"
    }
  }
}`)
		if ds.HasErrors() {
			t.Fatalf("%s: %v", runner, ds)
		}
		text := string(out)
		key := `{{ checksum "` + want + `" }}`
		if strings.Count(text, key) != 2 || !strings.Contains(text, "done > "+want+"\n") {
			t.Errorf("runner %s: want the key file %s written and read by restore_cache and save_cache:\n%s", runner, want, text)
		}
		if strings.HasPrefix(want, ".pipec/") && !strings.Contains(text, "mkdir -p .pipec\n") {
			t.Errorf("runner %s: the key file's directory is not made:\n%s", runner, text)
		}
	}
}

// A matrix key CircleCI refuses as a parameter is one error, at the axis, however many
// include entries repeat it; a key only include entries add is one error at its first.
func TestParameterNameReportedOnce(t *testing.T) {
	_, ds := emit(t, `pipeline "p" {
  on {
    push {}
  }
  stage "t" {
    matrix {
      axes = {
        _x = ["1", "2"]
      }
      include = [
        { _x = "3", _extra = "y" },
        { _x = "4", _extra = "z" },
      ]
    }
    step "s" { run = "echo ${matrix._x} ${matrix._extra}" }
  }
}
`)
	var got []string
	for _, d := range ds {
		if d.Code == "parameter-name" {
			got = append(got, fmt.Sprintf("%d:%d", d.Subject.Start.Line, d.Subject.Start.Column))
		}
	}
	if strings.Join(got, " ") != "8:9 11:21" {
		t.Errorf("want parameter-name errors at 8:9 and 11:21, got %v\n%v", got, ds)
	}
}
