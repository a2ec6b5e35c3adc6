package compile_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/pipec-dev/pipec/compile"
	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/lang/hcl"
)

// compileSrc decodes and compiles an HCL spec; the spec's stages go inside a pipeline
// with a push trigger unless the source declares its own pipeline block.
func compileSrc(t *testing.T, body string) (*compile.Plan, diag.Diagnostics) {
	t.Helper()
	src := body
	if !strings.Contains(body, "pipeline \"") {
		src = "pipeline \"p\" {\n  on {\n    push {}\n  }\n" + body + "\n}\n"
	}
	m, ds := hcl.Parse("p.hcl", []byte(src))
	if ds.HasErrors() {
		t.Fatalf("decode: %v", ds[0])
	}
	return compile.Compile(m, "p.hcl")
}

// codes renders diagnostics as "LINE:COL code" for compact assertions.
func codes(ds diag.Diagnostics) string {
	var out []string
	for _, d := range ds {
		out = append(out, fmt.Sprintf("%d:%d %s", d.Subject.Start.Line, d.Subject.Start.Column, d.Code))
	}
	return strings.Join(out, "; ")
}

func TestCheckErrors(t *testing.T) {
	cases := []struct {
		name, body, want, contains string
	}{
		{"unknown need", `
  stage "build" {
    step "s" { run = "x" }
  }
  stage "test" {
    needs = ["biuld"]
    step "s" { run = "x" }
  }`, "10:14 unknown-need", `did you mean "build"?`},
		{"cycle", `
  stage "a" {
    needs = ["c"]
    step "s" { run = "x" }
  }
  stage "b" {
    needs = ["a"]
    step "s" { run = "x" }
  }
  stage "c" {
    needs = ["b"]
    step "s" { run = "x" }
  }`, "11:14 cycle", "a -> c -> b -> a"},
		{"duplicate stage", `
  stage "a" {
    step "s" { run = "x" }
  }
  stage "a" {
    step "s" { run = "x" }
  }`, "9:9 duplicate-name", "first declared here"},
		{"unknown secret", `
  secret "token" {}
  stage "a" {
    step "s" {
      run = "echo ${secret.tokn}"
    }
  }`, "9:21 unknown-reference", `did you mean "token"?`},
		{"null in when", `
  stage "a" {
    when = ci.tag != null
    step "s" { run = "x" }
  }`, "7:22 unknown-reference", `there is no null: a value that is not set is empty, so compare it with ""`},
		{"secret in when", `
  secret "token" {}
  stage "a" {
    when = secret.token == "x"
    step "s" { run = "x" }
  }`, "8:12 secret-not-allowed", ""},
		{"output without need", `
  stage "a" {
    outputs = ["v"]
    step "s" { run = "x" }
  }
  stage "b" {
    step "s" { run = "echo ${stage.a.outputs.v}" }
  }`, "11:30 output-not-needed", `add "a" to the needs of stage "b"`},
		{"own output", `
  stage "a" {
    outputs = ["v"]
    step "s" { run = "x" }
    rollback {
      step "r" { run = "echo ${stage.a.outputs.v}" }
    }
  }`, "10:32 output-not-needed", `within the stage, write the value to a file`},
		{"unknown output", `
  stage "a" {
    outputs = ["version"]
    step "s" { run = "x" }
  }
  stage "b" {
    needs = ["a"]
    step "s" { run = "echo ${stage.a.outputs.verison}" }
  }`, "12:30 unknown-output", `did you mean "version"?`},
		{"canary increments", `
  environment "prod" {}
  stage "d" {
    environment = "prod"
    strategy "canary" { increments = [50, 20] }
    step "s" { run = "x" }
  }`, "9:43 canary-increments", "grow"},
		{"strategy without environment", `
  stage "d" {
    strategy "canary" { increments = [10] }
    step "s" { run = "x" }
  }`, "7:5 strategy-needs-environment", ""},
		{"blue green without switch", `
  environment "prod" {}
  stage "d" {
    environment = "prod"
    strategy "blue_green" {}
    step "s" { run = "x" }
  }`, "9:5 missing-switch", ""},
		{"unknown event", `
  stage "a" {
    when = ci.event == "workflow_run"
    step "s" { run = "x" }
  }`, "7:24 unknown-event", `"push", "pull_request", "schedule" or "manual"`},
		{"constant condition", `
  stage "a" {
    when = 42
    step "s" { run = "x" }
  }`, "7:12 bad-expression", `compare one with it`},
		{"constant operand of a condition", `
  stage "a" {
    when = ci.branch == "main" && !"x"
    step "s" { run = "x" }
  }`, "7:36 bad-expression", `"x" is a constant`},
		{"unknown event another platform names", `
  stage "a" {
    when = ci.event == "merge_request"
    step "s" { run = "x" }
  }`, "7:24 unknown-event", `did you mean "pull_request"?`},
		{"unknown runner", `
  stage "a" {
    runner = "linx"
    step "s" { run = "x" }
  }`, "7:14 unknown-runner", `did you mean "linux"?`},
		{"matrix ref outside matrix", `
  stage "a" {
    step "s" { run = "echo ${matrix.os}" }
  }`, "7:30 matrix-outside-matrix", ""},
		{"unknown matrix axis", `
  stage "a" {
    matrix {
      axes = { python = ["3.11"] }
    }
    step "s" { run = "echo ${matrix.pyhton}" }
  }`, "10:30 unknown-reference", `did you mean "python"?`},
		{"deploy value outside strategy", `
  environment "prod" {}
  stage "d" {
    environment = "prod"
    step "s" { run = "echo ${deploy.weight}" }
  }`, "9:30 deploy-value-strategy", "canary"},
		{"unknown environment and identity", `
  environment "production" {}
  identity "aws" {
    aws {
      role_arn = "arn:aws:iam::123456789012:role/x"
      region   = "us-east-1"
    }
  }
  stage "d" {
    environment = "prodution"
    identity    = "aw"
    step "s" { run = "x" }
  }`, "14:19 unknown-environment; 15:19 unknown-identity", `did you mean "production"?`},
		{"empty stage", `
  stage "a" {}`, "6:9 empty-stage", ""},
		{"vault without server", `
  secret "db" {
    vault {
      path  = "secret/data/db"
      field = "password"
    }
  }
  stage "a" {
    step "s" { run = "x" }
  }`, "7:5 vault-not-configured", ""},
		{"reference in a cmd step", `
  stage "c" {
    runner = "windows"
    step "cmd" {
      shell = "cmd"
      run   = "echo ${ci.branch}"
    }
  }`, "10:23 reference-in-cmd", "or use pwsh"},
		{"reference in a python step", `
  stage "c" {
    step "py" {
      shell = "python"
      run   = "print('${ci.commit_sha}', '${ci.branch}')"
    }
  }`, "9:25 reference-in-python; 9:45 reference-in-python", "os.environ"},
		{"inputs compared with values they never have", `pipeline "p" {
  on {
    manual {
      input "deploy" {
        type    = "boolean"
        default = false
      }
      input "env" {
        type    = "choice"
        options = ["dev", "prod"]
        default = "dev"
      }
      input "n" {
        type    = "number"
        default = 3
      }
    }
  }
  stage "a" {
    when = input.deploy == "true" || "prd" != input.env || input.n == "three" || input.n == "3" || input.env == "prod" || input.deploy == false
    step "s" { run = "x" }
  }
}`, "20:28 type-mismatch; 20:38 unknown-option; 20:71 type-mismatch", `did you mean "prod"?`},
		{"typed inputs compared with a literal of another type", `pipeline "p" {
  on {
    manual {
      input "deploy" {
        type    = "boolean"
      }
      input "n" {
        type    = "number"
      }
    }
  }
  stage "a" {
    when = input.deploy == 1 || input.n != true || input.deploy != false || input.n == -2
    step "s" { run = "x" }
  }
}`, "13:28 type-mismatch; 13:44 type-mismatch", "input.deploy is a boolean, never the number 1"},
		{"choice option listed twice", `pipeline "p" {
  on {
    manual {
      input "env" {
        type    = "choice"
        options = ["dev", "prod", "dev"]
      }
    }
  }
  stage "a" {
    step "s" { run = "x" }
  }
}`, "6:35 duplicate-value", `input "env" lists option "dev" twice`},
		{"schedule on a day its months lack", `pipeline "p" {
  on {
    schedule "leap" { cron = "0 0 29 2 *" }
    schedule "or-monday" { cron = "0 0 31 2 MON" }
    schedule "never" { cron = "0 0 31 4,6,9-11/2 *" }
  }
  stage "a" {
    step "s" { run = "x" }
  }
}`, "5:31 never-runs", "its days of the month (31) fall in none of its months (4,6,9-11/2)"},
		{"environment url with a blank and a line break", `
  environment "prod" {
    url = "https://example.com/a b\n"
  }
  stage "a" {
    environment = "prod"
    step "s" { run = "x" }
  }`, "7:11 bad-url", "percent-encode them (%20)"},
		{"vault address without a scheme", `
  vault {
    address = "vault.example.com:8200"
    role    = "ci"
  }
  stage "a" {
    step "s" { run = "x" }
  }`, "7:15 bad-url", "a Vault address starts with https://"},
		{"cmd on the default runner", `
  stage "a" {
    step "s" {
      shell = "cmd"
      run   = "dir"
    }
  }`, "8:15 unsupported-shell", "cmd steps cannot run on a linux runner"},
		{"cmd on a default macos runner", `
  defaults {
    runner = "macos"
  }
  stage "a" {
    step "s" {
      shell = "cmd"
      run   = "dir"
    }
  }`, "11:15 unsupported-shell", "cmd steps cannot run on a macos runner"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			plan, ds := compileSrc(t, c.body)
			if plan != nil {
				t.Fatalf("compiled; want %s", c.want)
			}
			if got := codes(ds); got != c.want {
				t.Errorf("got  %s\nwant %s", got, c.want)
			}
			var all strings.Builder
			diag.WriteText(&all, ds, nil)
			if !strings.Contains(all.String(), c.contains) {
				t.Errorf("diagnostics lack %q:\n%s", c.contains, all.String())
			}
		})
	}
}

func TestCronAndGlobs(t *testing.T) {
	src := `pipeline "p" {
  on {
    push {
      branches = ["main", "feature branch", "release/[0-9", "v[9-1]"]
    }
    schedule "a" { cron = "0 2 * * 1" }
    schedule "b" { cron = "61 2 * * *" }
    schedule "c" { cron = "@daily" }
    schedule "d" { cron = "0 2 * *" }
    schedule "e" { cron = "*/15 0-6 1,15 JAN-MAR mon-fri" }
  }
  stage "a" {
    step "s" { run = "x" }
  }
}`
	m, ds := hcl.Parse("p.hcl", []byte(src))
	if ds.HasErrors() {
		t.Fatal(ds[0])
	}
	_, ds = compile.Compile(m, "p.hcl")
	want := "4:27 bad-glob; 4:45 bad-glob; 4:61 bad-glob; 7:27 bad-cron; 8:27 bad-cron; 9:27 bad-cron"
	if got := codes(ds); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestLowerCanary(t *testing.T) {
	plan, ds := compileSrc(t, `
  environment "prod" {
    branches = ["main"]
  }
  stage "build" {
    outputs = ["tag"]
    step "s" { run = "x" }
  }
  stage "deploy" {
    needs       = ["build"]
    environment = "prod"
    strategy "canary" {
      increments = [10, 50]
      approval   = true
    }
    step "shift" { run = "shift ${deploy.weight}" }
    verify {
      step "check" { run = "check" }
    }
    rollback {
      step "undo" { run = "undo" }
    }
  }
  stage "after" {
    needs = ["deploy"]
    step "s" { run = "x" }
  }`)
	if ds.HasErrors() {
		t.Fatal(ds[0])
	}
	var got []string
	for _, j := range plan.Jobs {
		var needs []string
		for _, n := range j.Needs {
			needs = append(needs, n.ID)
		}
		line := fmt.Sprintf("%s[%s] needs=%s", j.ID, j.Role, strings.Join(needs, ","))
		if j.Deploy != nil {
			line += fmt.Sprintf(" w=%d", j.Deploy.Weight)
		}
		if j.Approval {
			line += " approval"
		}
		if j.OnFailure {
			line += " on-failure"
		}
		if j.When != nil {
			line += " when=" + j.When.String()
		}
		line += fmt.Sprintf(" steps=%d", len(j.Steps))
		got = append(got, line)
	}
	want := []string{
		"build[main] needs= steps=1",
		`deploy-canary-10[main] needs=build w=10 when=matches(ci.ref, "refs/heads/main") steps=2`,
		`deploy-canary-50[main] needs=deploy-canary-10,build w=50 approval when=matches(ci.ref, "refs/heads/main") steps=2`,
		`deploy-canary-100[main] needs=deploy-canary-50,build w=100 approval when=matches(ci.ref, "refs/heads/main") steps=2`,
		"deploy-rollback[rollback] needs=deploy-canary-10,deploy-canary-50,deploy-canary-100,build w=0 on-failure steps=1",
		"after[main] needs=deploy-canary-100 steps=1",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if plan.Final("deploy").ID != "deploy-canary-100" {
		t.Errorf("final job of deploy is %s", plan.Final("deploy").ID)
	}
}

func TestSecretsReachOnlyReferencingJobs(t *testing.T) {
	plan, ds := compileSrc(t, `
  secret "a" {}
  secret "b" {}
  stage "one" {
    step "s" {
      env = { T = secret.b }
      run = "x"
    }
  }
  stage "two" {
    step "s" { run = "echo ${secret.a}" }
  }
  stage "three" {
    step "s" { run = "x" }
  }`)
	if ds.HasErrors() {
		t.Fatal(ds[0])
	}
	want := map[string]string{"one": "b", "two": "a", "three": ""}
	for _, j := range plan.Jobs {
		var names []string
		for _, s := range j.Secrets {
			names = append(names, s.Name)
		}
		if got := strings.Join(names, ","); got != want[j.ID] {
			t.Errorf("job %s gets secrets %q, want %q", j.ID, got, want[j.ID])
		}
	}
}

func TestArtifactsFlowDownstream(t *testing.T) {
	plan, ds := compileSrc(t, `
  stage "train" {
    step "s" { run = "x" }
    artifact "model" { paths = ["model.pt"] }
  }
  stage "eval" {
    needs = ["train"]
    step "s" { run = "x" }
  }
  stage "publish" {
    needs = ["eval"]
    step "s" { run = "x" }
  }`)
	if ds.HasErrors() {
		t.Fatal(ds[0])
	}
	for _, j := range plan.Jobs {
		if j.ID == "train" {
			continue
		}
		if len(j.Consumes) != 1 || j.Consumes[0].Artifact.Name != "model" || j.Consumes[0].From.ID != "train" {
			t.Errorf("job %s consumes %v, want model from train", j.ID, j.Consumes)
		}
	}
}

func TestCompileIsDeterministic(t *testing.T) {
	body := `
  stage "a" {
    step "s" { run = "x" }
  }
  stage "b" {
    needs = ["a"]
    step "s" { run = "x" }
  }
  stage "c" {
    needs = ["a"]
    step "s" { run = "x" }
  }
  stage "d" {
    needs = ["c", "b"]
    step "s" { run = "x" }
  }`
	first := ""
	for i := 0; i < 20; i++ {
		plan, _ := compileSrc(t, body)
		var ids []string
		for _, j := range plan.Jobs {
			ids = append(ids, j.ID)
		}
		got := strings.Join(ids, ",")
		if i == 0 {
			first = got
		} else if got != first {
			t.Fatalf("order changed: %s then %s", first, got)
		}
	}
	if first != "a,b,c,d" {
		t.Errorf("order %s, want a,b,c,d", first)
	}
}

func TestConstantConditionsFold(t *testing.T) {
	plan, ds := compileSrc(t, `
  stage "a" {
    when = true && !false && ("x" == "x" || ci.branch == "main")
    step "s" { run = "x" }
  }
  stage "b" {
    when = (ci.branch == "main" || false) && matches(ci.tag, "**")
    step "s" { run = "x" }
  }`)
	if ds.HasErrors() {
		t.Fatal(ds[0])
	}
	if plan.Jobs[0].When != nil {
		t.Errorf("a: always-true condition kept: %s", plan.Jobs[0].When)
	}
	if got := plan.Jobs[1].When.String(); got != `ci.branch == "main"` {
		t.Errorf("b: folded to %s", got)
	}
	_, ds = compileSrc(t, `
  stage "a" {
    when = ci.branch == "main" && !true
    step "s" { run = "x" }
  }`)
	if got := codes(ds); got != "7:12 never-runs" {
		t.Errorf("always-false condition: got %q", got)
	}
}

func TestNamesThatShareAVariable(t *testing.T) {
	_, ds := compileSrc(t, `
  stage "a-b" {
    step "s" { run = "x" }
  }
  stage "a_b" {
    step "s" { run = "x" }
  }
  stage "Build" {
    step "s" { run = "x" }
  }
  stage "build" {
    step "s" { run = "x" }
  }`)
	if got := codes(ds); got != "9:9 name-collision; 15:9 name-collision" {
		t.Errorf("got %s", got)
	}
}

// GitLab, CircleCI and Azure keep a platform secret in a variable named after it, and a
// raw oidc identity puts its token in a variable of its env name: an env variable of
// either name with another value would replace that value, or be replaced by it,
// depending on the platform. The secret itself under its own name is fine, and so is a
// step's own variable when the step does not read the secret it hides.
func TestEnvNamedLikeSecretOrToken(t *testing.T) {
	_, ds := compileSrc(t, `
  secret "api_key" {}
  secret "npm_token" {}
  identity "reg" {
    oidc {
      audience = "https://registry.example.com"
      env      = "NPM_TOKEN"
    }
  }
  identity "tok" {
    oidc {
      audience = "https://t.example.com"
      env      = "REG_TOKEN"
    }
  }
  env = { Api_Key = "public" }
  stage "a" {
    identity = "tok"
    env      = { REG_TOKEN = "x" }
    step "own" {
      run = "x"
      env = { API_KEY = secret.api_key }
    }
    step "hides-unread" {
      run = "x"
      env = { API_KEY = "demo" }
    }
    step "hides-read" {
      run = "x"
      env = { API_KEY = "demo", K = secret.api_key }
    }
  }
  stage "b" {
    env = { REG_TOKEN = "not this stage's identity" }
    step "s" { run = "x" }
  }`)
	want := "11:18 name-collision; 20:11 name-collision; 23:18 name-collision; 34:15 name-collision"
	if got := codes(ds); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// GitHub and Azure compare environment names without case: "Prod" and "prod" would be
// one environment there, with one set of protection rules.
func TestEnvironmentsThatDifferByCase(t *testing.T) {
	_, ds := compileSrc(t, `
  environment "Prod" {
    approval = true
  }
  environment "prod" {}
  environment "prod-eu" {}
  environment "prod_eu" {}
  stage "a" {
    environment = "Prod"
    step "s" { run = "x" }
  }
  stage "b" {
    environment = "prod"
    step "s" { run = "x" }
  }`)
	if got := codes(ds); got != "9:15 name-collision" {
		t.Errorf("got %s", got)
	}
}

// References of different kinds can still meet in one script variable: stage "a"'s
// output "x_outputs_y" and stage "a_outputs_x"'s output "y" are both
// $PIPEC_STAGE_A_OUTPUTS_X_OUTPUTS_Y. Every target passes references that way, and GitLab
// hands a job the outputs of every stage it needs, so the compiler refuses the outputs
// themselves, once, also where no script reads both (stage "c").
func TestReferencesThatShareAVariable(t *testing.T) {
	_, ds := compileSrc(t, `
  stage "a" {
    outputs = ["x_outputs_y"]
    step "s" { run = "x" }
  }
  stage "a_outputs_x" {
    outputs = ["y"]
    step "s" { run = "x" }
  }
  stage "b" {
    needs = ["a", "a_outputs_x"]
    step "s" { run = "echo ${stage.a.outputs.x_outputs_y} ${stage.a_outputs_x.outputs.y} ${stage.a.outputs.x_outputs_y}" }
  }
  stage "c" {
    needs = ["a", "a_outputs_x"]
    step "s" { run = "echo ${stage.a.outputs.x_outputs_y}" }
  }`)
	if got := codes(ds); got != "11:16 name-collision" {
		t.Errorf("got %s\n%v", got, ds)
	}
	if !strings.Contains(ds[0].Detail, "$PIPEC_STAGE_A_OUTPUTS_X_OUTPUTS_Y") || !strings.Contains(ds[0].Detail, "rename one of the stages or outputs") || len(ds[0].Related) != 1 {
		t.Errorf("detail %q names the wrong things to rename", ds[0].Detail)
	}
	// Inputs that differ by case share a variable too: the hint names inputs.
	_, ds = compileSrc(t, `pipeline "p" {
  on {
    manual {
      input "Env" {}
      input "env" {}
    }
  }
  stage "s" {
    step "x" { run = "echo ${input.Env} ${input.env}" }
  }
}`)
	for _, d := range ds {
		if d.Code == "reference-collision" && !strings.HasSuffix(d.Detail, "rename one of the inputs") {
			t.Errorf("detail %q names the wrong things to rename", d.Detail)
		}
	}
}

func TestNegatedGlobsNeedAPositiveOne(t *testing.T) {
	m, _ := hcl.Parse("p.hcl", []byte(`pipeline "p" {
  on {
    push {
      branches = ["!wip/**"]
      tags     = ["v*", "!v*-rc"]
    }
  }
  stage "a" {
    step "s" { run = "x" }
  }
}`))
	_, ds := compile.Compile(m, "p.hcl")
	if got := codes(ds); got != "4:19 negated-globs-only" {
		t.Errorf("got %s", got)
	}
}

// A blank run is an error at the value; a missing run is the front end's missing-attribute
// alone, without a follow-on "runs nothing".
func TestEmptyRun(t *testing.T) {
	_, ds := compileSrc(t, `
  stage "a" {
    step "blank" { run = "  " }
  }`)
	if got := codes(ds); got != "7:26 empty-run" {
		t.Errorf("blank run: got %s", got)
	}
	m, pds := hcl.Parse("p.hcl", []byte("pipeline \"p\" {\n  on {\n    push {}\n  }\n  stage \"a\" {\n    step \"none\" {\n      shell = \"bash\"\n    }\n  }\n}\n"))
	_, cds := compile.Compile(m, "p.hcl")
	if got := codes(append(pds, cds...)); got != "6:5 missing-attribute" {
		t.Errorf("missing run: got %s", got)
	}
}

// Names become job ids and YAML keys: past 100 characters a name is an error (a
// 100,000-character stage name gave a key YAML parsers reject: an implicit key has at
// most 1024 characters).
func TestNameLength(t *testing.T) {
	long := strings.Repeat("a", 101)
	_, ds := compileSrc(t, `
  env = { `+long+` = "x" }
  stage "`+long+`" {
    step "`+strings.Repeat("s", 100)+`" { run = "x" }
  }`)
	if got := codes(ds); got != "6:11 name-too-long; 7:9 name-too-long" {
		t.Errorf("got %s", got)
	}
	_, ds = compileSrc(t, "pipeline \""+long+"\" {\n  on {\n    push {}\n  }\n  stage \"a\" {\n    step \"s\" { run = \"x\" }\n  }\n}\n")
	if got := codes(ds); got != "1:10 name-too-long" {
		t.Errorf("got %s", got)
	}
}

// A native block's keys, at any depth, must be keys every target can write as YAML that
// reads back as the same string; a key such as "<<" (a merge key to YAML 1.1), "? q" (an
// explicit key) or "a\nb" (written as a block scalar, which cannot be a key) came out as
// YAML of another meaning or none.
func TestNativeKeys(t *testing.T) {
	_, ds := compileSrc(t, `
  stage "a" {
    step "s" { run = "x" }
    native "github" {
      ok = {
        "a: b" = 1, "- c" = 2, "# d" = 3, "*e" = 4, "yes" = 5, "" = 6, "x/y.z" = 7, "~" = 8
      }
      bad = {
        "<<" = { x = 1 }
        "? q" = 1
        "c\nd" = 2
        "e\u2028f" = 3
        "nul\u0000" = 4
        "1e3" = 5
        "0x1F" = 6
        "12:30" = 7
        "`+strings.Repeat("k", 161)+`" = 8
        list = [{ "\r" = 9 }]
      }
    }
  }`)
	want := "13:9 bad-native-key; 14:9 bad-native-key; 15:9 bad-native-key; 16:9 bad-native-key; 17:9 bad-native-key; " +
		"18:9 bad-native-key; 19:9 bad-native-key; 20:9 bad-native-key; 21:9 bad-native-key; 22:19 bad-native-key"
	if got := codes(ds); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// Every target that expands a matrix computes its cells: four axes of 100 values were
// 100,000,000 cells and no run finished. Past 4096 cells (or 256 includes, 4096
// excludes) a matrix is an error; at the bound it compiles.
func TestMatrixSize(t *testing.T) {
	vals := func(n int) string {
		var v []string
		for i := range n {
			v = append(v, fmt.Sprintf("%q", fmt.Sprint(i)))
		}
		return "[" + strings.Join(v, ", ") + "]"
	}
	_, ds := compileSrc(t, `
  stage "a" {
    step "s" { run = "x" }
    matrix {
      axes = { a = `+vals(100)+`, b = `+vals(100)+`, c = `+vals(100)+`, d = `+vals(100)+` }
    }
  }`)
	if got := codes(ds); got != "8:5 matrix-too-large" {
		t.Errorf("got %s", got)
	}
	_, ds = compileSrc(t, `
  stage "a" {
    step "s" { run = "x" }
    matrix {
      axes = { a = `+vals(64)+`, b = `+vals(64)+` }
    }
  }`)
	if ds.HasErrors() {
		t.Errorf("a matrix of 4096 cells: %v", ds)
	}
}

// A pipeline's name names its output files: Windows device names are refused, whatever
// the case or extension (.github/workflows/nul.yml is the null device there).
func TestPipelineNamedAfterADevice(t *testing.T) {
	for _, name := range []string{"con", "NUL", "Com1", "lpt9.x", "aux.yml"} {
		_, ds := compileSrc(t, "pipeline \""+name+"\" {\n  on {\n    push {}\n  }\n  stage \"a\" {\n    step \"s\" { run = \"x\" }\n  }\n}\n")
		if got := codes(ds); got != "1:10 bad-name" {
			t.Errorf("%s: got %s", name, got)
		}
	}
	for _, name := range []string{"console", "nul-checks", "com10", "auxiliary"} {
		if _, ds := compileSrc(t, "pipeline \""+name+"\" {\n  on {\n    push {}\n  }\n  stage \"a\" {\n    step \"s\" { run = \"x\" }\n  }\n}\n"); len(ds) > 0 {
			t.Errorf("%s: %v", name, ds)
		}
	}
}

// TestArtifactPathsInsideProject: every target hands an artifact on relative to the
// project directory, so a path that leaves it (home, absolute, a drive, `..` once
// cleaned) is an error at its own position; paths that only look odd are not.
func TestArtifactPathsInsideProject(t *testing.T) {
	_, ds := compileSrc(t, `
  stage "a" {
    step "s" { run = "x" }
    artifact "x" {
      paths = ["dist/", "/tmp/out", "~/x", "build/../../up", "C:\\out", "./ok/../y", "..a", "a:b", "**/*.log"]
    }
  }`)
	want := "9:25 artifact-outside-project; 9:37 artifact-outside-project; 9:44 artifact-outside-project; 9:62 artifact-outside-project"
	if got := codes(ds); got != want {
		t.Errorf("diagnostics:\n got %s\nwant %s", got, want)
	}
}

// A branch or tag pattern that breaks git's ref-name rules names no ref git allows: each
// rule is an error at the pattern; patterns that only look odd are not.
func TestRefPatternsGitRefuses(t *testing.T) {
	_, ds := compileSrc(t, `
  environment "prod" {
    branches = ["a//b", "x.lock/y", "*.lock", ".hidden/*", "end.", "a@{1}", "@"]
  }
  stage "a" {
    environment = "prod"
    step "s" { run = "x" }
  }
  stage "b" {
    step "s" { run = "x" }
  }`)
	want := "7:17 bad-glob; 7:25 bad-glob; 7:37 bad-glob; 7:47 bad-glob; 7:60 bad-glob; 7:68 bad-glob; 7:77 bad-glob"
	if got := codes(ds); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	_, ds = compileSrc(t, `
  environment "prod" {
    branches = ["release/**", "feat-*.x", "v1.2", "a@b", "**/x.locked", "user.name/*"]
  }
  stage "a" {
    environment = "prod"
    step "s" { run = "x" }
  }`)
	if len(ds) != 0 {
		t.Errorf("valid patterns: %v", ds)
	}
}

// cmd on a runner whose labels name another OS is the same error as on such a class; a
// label list naming no OS is left to each back end.
func TestCmdOnLabelledRunner(t *testing.T) {
	_, ds := compileSrc(t, `
  stage "a" {
    runner = ["self-hosted", "linux", "x64"]
    step "s" {
      shell = "cmd"
      run   = "dir"
    }
  }
  stage "b" {
    runner = ["self-hosted", "Windows"]
    step "s" {
      shell = "cmd"
      run   = "dir"
    }
  }`)
	if got, want := codes(ds), "9:15 unsupported-shell"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if len(ds) == 1 && !strings.Contains(ds[0].Summary, "linux (by its labels)") {
		t.Errorf("summary %q does not say the labels chose the OS", ds[0].Summary)
	}
}

// allow_failure lets what follows a stage go on when it fails, so only the job that
// finishes the stage is allowed to fail: a failed canary increment, rolling batch or
// blue/green deploy must stop the rest of its chain (platforms count an allowed failure
// as passed, and would deploy the next increment of what failed).
func TestAllowFailureOnlyOnAChainsLastJob(t *testing.T) {
	plan, ds := compileSrc(t, `
  environment "prod" {}
  stage "roll" {
    environment   = "prod"
    allow_failure = true
    strategy "canary" {
      increments = [20, 50]
    }
    step "s" { run = "./shift" }
  }
  stage "swap" {
    environment   = "prod"
    allow_failure = true
    strategy "blue_green" {}
    step "s" { run = "./deploy" }
    switch {
      step "w" { run = "./switch" }
    }
  }`)
	if ds.HasErrors() {
		t.Fatal(ds[0])
	}
	var got []string
	for _, j := range plan.Jobs {
		got = append(got, fmt.Sprintf("%s=%v", j.ID, j.AllowFailure))
	}
	want := "roll-canary-20=false roll-canary-50=false roll-canary-100=true swap=false swap-switch=true"
	if strings.Join(got, " ") != want {
		t.Errorf("got  %s\nwant %s", strings.Join(got, " "), want)
	}
}

// A condition whose matrix tests no cell of the stage's matrix passes is a stage that
// never runs, on every target: the compiler says so once, whatever the targets.
func TestMatrixConditionNoCellPasses(t *testing.T) {
	stage := func(matrix, when string) string {
		return `
  stage "a" {
    matrix {
      ` + matrix + `
    }
    when = ` + when + `
    step "s" { run = "x" }
  }`
	}
	axes := `axes = { os = ["linux", "mac"], v = ["1", "2"] }`
	for _, c := range []struct{ matrix, when, want string }{
		{axes, `matrix.os == "windows"`, "10:12 never-runs"},
		{axes, `matrix.os == "linux" && matrix.v == "3" && ci.branch == "main"`, "10:12 never-runs"},
		// The matrix-only conjunct fails for every cell, whatever the mixed one does.
		{axes, `matches(matrix.os, "w*") && (matrix.v == "1" || ci.branch == "main")`, "10:12 never-runs"},
		{axes + "\n      exclude = [{ os = \"mac\" }]", `matrix.os == "mac"`, "11:12 never-runs"},
		{axes, `matrix.os == "mac" && matrix.v != "1"`, ""},
		{axes + "\n      include = [{ os = \"windows\", v = \"1\" }]", `matrix.os == "windows"`, ""},
		// Decided when the job starts, together with a value no compiler knows.
		{axes, `matrix.os == "windows" || ci.branch == "main"`, ""},
	} {
		_, ds := compileSrc(t, stage(c.matrix, c.when))
		if got := codes(ds); got != c.want {
			t.Errorf("%s with %s: got %q, want %q", c.when, c.matrix, got, c.want)
		}
	}
}

// A number input's default is written as a number into every target's file: GitLab and
// CircleCI read YAML 1.1, where 010 is octal 8, and GitHub reads it with fromJSON, which
// refuses it. A leading zero is an error that says what to write.
func TestNumberDefaultWithLeadingZero(t *testing.T) {
	withDefault := func(num string) string {
		return `pipeline "p" {
  on {
    manual {
      input "n" {
        type    = "number"
        default = ` + num + `
      }
    }
  }
  stage "a" {
    step "s" { run = "x" }
  }
}`
	}
	for num, want := range map[string]string{"010": "write 10", "-007": "write -7", "00.5": "write 0.5", "00": "write 0"} {
		_, ds := compileSrc(t, withDefault(num))
		if got := codes(ds); got != "6:19 bad-default" || !strings.Contains(ds[0].Detail, want) {
			t.Errorf("%s: got %s (%v), want 6:19 bad-default saying %q", num, got, ds, want)
		}
	}
	for _, num := range []string{"0", "10", "-1", "0.5", "-0.25", "3.10", "-0.0"} {
		_, ds := compileSrc(t, withDefault(num))
		if ds.HasErrors() {
			t.Errorf("%s: %v", num, ds)
		}
	}
}

// GitLab loads its inputs with Psych (YAML 1.1), which reads 1e3, 1.5e3 and 1E+3 (no dot,
// or no sign in the exponent) as text and refuses a number input whose default is not a
// number; a default that is not [-]DIGITS[.DIGITS] is an error that says what to write.
func TestNumberDefaultNotPlainDecimal(t *testing.T) {
	for num, want := range map[string]string{"1e3": "write 1000", "1.5e3": "write 1500", "1E+3": "write 1000", "2e-1": "write 0.2"} {
		_, ds := compileSrc(t, `pipeline "p" {
  on {
    manual {
      input "n" {
        type    = "number"
        default = `+num+`
      }
    }
  }
  stage "a" {
    step "s" { run = "x" }
  }
}`)
		if got := codes(ds); got != "6:19 bad-default" || !strings.Contains(ds[0].Detail, want) {
			t.Errorf("%s: got %s (%v), want 6:19 bad-default saying %q", num, got, ds, want)
		}
	}
}

// Matrix axes (and keys an include adds) become variables, and services host names:
// two that differ only by case are one on the platforms (GitHub refuses the workflow,
// GitLab's parallel:matrix kept one axis's values) and are an error.
func TestAxesAndServicesThatDifferByCase(t *testing.T) {
	_, ds := compileSrc(t, `
  stage "a" {
    matrix {
      axes    = { os = ["l"], OS = ["m"] }
      include = [{ os = "w", Arch = "x" }, { os = "v", ARCH = "y" }]
    }
    service "db" {
      image = "postgres:16"
    }
    service "DB" {
      image = "postgres:16"
    }
    step "s" { run = "x" }
  }`)
	if got := codes(ds); got != "8:31 name-collision; 9:56 name-collision; 14:13 name-collision" {
		t.Errorf("got %s: %v", got, ds)
	}
}

// Outputs of a matrix stage are a warning when several jobs write them; a matrix of one
// cell (an axis of one value, or an exclude that leaves one) is one job.
func TestOutputsFromMatrix(t *testing.T) {
	for _, c := range []struct{ matrix, want string }{
		{`axes = { os = ["linux", "mac"] }`, "7:16 outputs-from-matrix"},
		{`axes = { os = ["linux"] }`, ""},
		{"axes = { os = [\"linux\", \"mac\"] }\n      exclude = [{ os = \"mac\" }]", ""},
	} {
		_, ds := compileSrc(t, `
  stage "a" {
    outputs = ["v"]
    matrix {
      `+c.matrix+`
    }
    step "s" { run = "echo v=1 >> $PIPEC_OUTPUT" }
  }`)
		if got := codes(ds); got != c.want {
			t.Errorf("%s: got %q, want %q", c.matrix, got, c.want)
		}
	}
}

// An exclude value its axis does not list removes no cell: an error at the value, with
// a "did you mean" from the axis's values. Numbers compare by their text.
func TestExcludeValueTheAxisDoesNotList(t *testing.T) {
	for _, c := range []struct{ exclude, want string }{
		{`{ os = "macos", node = 20 }`, "9:25 unknown-value"},
		{`{ os = "mac", node = 18 }`, "9:39 unknown-value"},
		{`{ os = "mac", node = "20" }`, ""},
		{`{ os = "mac" }`, ""},
	} {
		_, ds := compileSrc(t, `
  stage "a" {
    matrix {
      axes    = { os = ["linux", "mac"], node = [20, 22] }
      exclude = [`+c.exclude+`]
    }
    step "s" { run = "x" }
  }`)
		if got := codes(ds); got != c.want {
			t.Errorf("%s: got %q, want %q", c.exclude, got, c.want)
		}
	}
}

// A path pattern with a leading '/', a trailing '/' or an empty part matches no file on
// GitHub and GitLab, which match patterns against each changed file's path from the
// root, while Azure reads a leading '/' as the root and "docs/" as everything below
// docs: each is an error that writes the pattern meant, its "!" kept; patterns of the
// usual shapes are not.
func TestPathPatternsOfDirectoryShape(t *testing.T) {
	src := `pipeline "p" {
  on {
    push {
      paths        = ["docs/", "/src/**", "a//b/*.md", "!/x/**", "ok/**", "*.md", "a/b.c"]
      paths_ignore = ["tmp/"]
    }
    pull_request {
      paths = ["src/**/*.go", ".github/**"]
    }
  }
  stage "a" {
    step "s" { run = "x" }
  }
}`
	_, ds := compileSrc(t, src)
	if got, want := codes(ds), "4:23 bad-glob; 4:32 bad-glob; 4:43 bad-glob; 4:56 bad-glob; 5:23 bad-glob"; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	var details []string
	for _, d := range ds {
		details = append(details, d.Detail)
	}
	for _, want := range []string{`write "docs/**"`, `write "src/**"`, `write "a/b/*.md"`, `write "!x/**"`, `write "tmp/**"`} {
		if !strings.Contains(strings.Join(details, "\n"), want) {
			t.Errorf("no detail says %s in\n%s", want, strings.Join(details, "\n"))
		}
	}
}

// A [set] that reads like a bracketed word is one character of it: matches(ci.actor,
// "*[bot]") holds for logins ending in b, o or t, never for dependabot[bot]. Sets of a
// range, a negation, two characters or digits only are what sets are for.
func TestGlobSetLikeAWord(t *testing.T) {
	_, ds := compileSrc(t, `  stage "a" {
    when = matches(ci.actor, "*[bot]") || matches(ci.branch, "[skip ci]*")
    step "s" { run = "x" }
  }
  stage "b" {
    when = matches(ci.branch, "release-[0-9]*") || matches(ci.tag, "v[!a]*") || matches(ci.branch, "[Mm]ain")
    step "s" { run = "x" }
  }
  stage "c" {
    when = matches(ci.branch, "release/v[123]*")
    step "s" { run = "x" }
  }`)
	if got, want := codes(ds), "6:30 glob-set-word; 6:62 glob-set-word"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	if len(ds) > 0 && !strings.Contains(ds[0].Detail, `ci.actor == "dependabot[bot]"`) {
		t.Errorf("detail %q does not show the comparison to write", ds[0].Detail)
	}
}

// pipec publishes outputs of its own beside a stage's (pipec_started on GitHub, which
// tells a rollback that the deploy began): a stage's output of such a name, in any case,
// would be replaced by it.
func TestOutputNamesPipecReserves(t *testing.T) {
	_, ds := compileSrc(t, `
  environment "prod" {}
  stage "d" {
    environment = "prod"
    outputs = ["pipec_started", "Pipec_x", "pipecx"]
    step "s" { run = "x" }
    rollback {
      step "r" { run = "x" }
    }
  }`)
	if got := codes(ds); got != "9:16 reserved-name; 9:33 reserved-name" {
		t.Errorf("got %s\n%v", got, ds)
	}
}
