package github_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
	"github.com/pipec-dev/pipec/compile"
	"github.com/pipec-dev/pipec/compile/model"
	"github.com/pipec-dev/pipec/lang/hcl"
	"github.com/pipec-dev/pipec/targets/github"
)

func emit(t *testing.T, src string) (string, string) {
	t.Helper()
	m, ds := hcl.Parse("p.hcl", []byte(src))
	if ds.HasErrors() {
		t.Fatal(ds[0])
	}
	plan, ds := compile.Compile(m, "p.hcl")
	if ds.HasErrors() {
		t.Fatal(ds[0])
	}
	out, ds := github.Target{}.Emit(plan)
	var msgs []string
	for _, d := range ds {
		msgs = append(msgs, d.Code)
	}
	return string(out), strings.Join(msgs, ",")
}

// Every attacker-controlled value must reach a script as an environment variable: a
// ${{ }} inside run would let a branch name or PR title become shell code.
func TestNoExpressionInScripts(t *testing.T) {
	out, _ := emit(t, `pipeline "p" {
  on {
    pull_request {}
    manual {
      input "who" {}
    }
  }
  secret "tok" {}
  stage "a" {
    outputs = ["v"]
    step "s" {
      run = "echo ${ci.branch} ${ci.tag} ${input.who} ${secret.tok} ${ci.short_sha} ${ci.event} $${{ not.an.expression }}"
    }
  }
  stage "b" {
    needs = ["a"]
    step "s" {
      shell = "pwsh"
      run   = "echo ${stage.a.outputs.v}"
    }
  }
}`)
	var wf struct {
		Jobs map[string]struct {
			Steps []struct {
				Run string            `yaml:"run"`
				Env map[string]string `yaml:"env"`
			} `yaml:"steps"`
		} `yaml:"jobs"`
	}
	if err := yaml.Unmarshal([]byte(out), &wf); err != nil {
		t.Fatal(err)
	}
	runs := 0
	for id, j := range wf.Jobs {
		for _, st := range j.Steps {
			if st.Run == "" {
				continue
			}
			runs++
			rest := strings.ReplaceAll(st.Run, "${{ '${{' }}", "")
			if strings.Contains(rest, "${{") {
				t.Errorf("job %s: expression inside a script:\n%s", id, st.Run)
			}
		}
	}
	if runs < 3 {
		t.Fatalf("expected the user's steps in the output:\n%s", out)
	}
	for _, want := range []string{
		"echo ${PIPEC_CI_BRANCH} ${PIPEC_CI_TAG} ${PIPEC_INPUT_WHO} ${PIPEC_SECRET_TOK} ${PIPEC_CI_SHORT_SHA} ${PIPEC_CI_EVENT} ${{ '${{' }} not.an.expression }}",
		"PIPEC_INPUT_WHO: ${{ fromJSON(github.event_name == 'workflow_dispatch' && toJSON(inputs.who) || '\"\"') }}",
		"PIPEC_SECRET_TOK: ${{ secrets.TOK }}",
		"echo $env:PIPEC_STAGE_A_OUTPUTS_V",
		"PIPEC_STAGE_A_OUTPUTS_V: ${{ needs.a.outputs.v }}",
		`echo "PIPEC_CI_SHORT_SHA=${GITHUB_SHA%"${GITHUB_SHA#????????}"}" >> "$GITHUB_ENV"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestConditions(t *testing.T) {
	out, codes := emit(t, `pipeline "p" {
  on {
    push {}
    manual {
      input "force" { type = "boolean" }
    }
  }
  stage "a" {
    when = (ci.event == "manual" || matches(ci.branch, "release/**")) && !input.force && startswith(ci.ref, "refs/tags/") && matches(ci.tag, "v*") && ci.actor != "bot"
    step "s" { run = "x" }
  }
}`)
	want := `if: ${{ (github.event_name == 'workflow_dispatch' || startsWith((github.head_ref || (github.ref_type == 'branch' && github.ref_name || '')), 'release/')) && !fromJSON(github.event_name == 'workflow_dispatch' && toJSON(inputs.force) || 'false') && startsWith(github.ref, 'refs/tags/') && startsWith((github.ref_type == 'tag' && github.ref_name || ''), 'v') && github.actor != 'bot' }}`
	if !strings.Contains(out, want) {
		t.Errorf("want %s in\n%s", want, out)
	}
	if codes != "" {
		t.Errorf("unexpected diagnostics %s", codes)
	}
}

// A value tested on its own holds when it is neither empty nor "false", as on the other
// targets; GitHub alone would hold the string "false" true. A boolean input is a boolean
// there already and stays as it is.
func TestBareValuesInConditions(t *testing.T) {
	out, codes := emit(t, `pipeline "p" {
  on {
    push {}
    manual {
      input "force" { type = "boolean" }
      input "name" {}
    }
  }
  stage "a" {
    outputs = ["ok"]
    step "s" { run = "x" }
  }
  stage "b" {
    needs = ["a"]
    when  = !stage.a.outputs.ok || input.force && input.name
    step "s" { run = "x" }
  }
}`)
	want := `if: ${{ !(needs.a.outputs.ok != '' && needs.a.outputs.ok != 'false') || (fromJSON(github.event_name == 'workflow_dispatch' && toJSON(inputs.force) || 'false') && (fromJSON(github.event_name == 'workflow_dispatch' && toJSON(inputs.name) || '""') != '' && fromJSON(github.event_name == 'workflow_dispatch' && toJSON(inputs.name) || '""') != 'false')) }}`
	if !strings.Contains(out, want) || codes != "" {
		t.Errorf("want %s in\n%s\n%s", want, out, codes)
	}
}

// A number input tested on its own holds when its text is neither empty nor "false", as
// on the other targets: GitHub would compare the number 0 with the empty string as numbers (equal), and
// skip the job for 0.
func TestBareNumberInputHoldsForZero(t *testing.T) {
	out, codes := emit(t, `pipeline "p" {
  on {
    push {}
    manual {
      input "level" {
        type    = "number"
        default = 0
      }
    }
  }
  stage "a" {
    when = input.level
    step "s" { run = "x" }
  }
}`)
	v := `format('{0}', fromJSON(github.event_name == 'workflow_dispatch' && toJSON(inputs.level) || '0'))`
	want := `if: ${{ (` + v + ` != '' && ` + v + ` != 'false') }}`
	if !strings.Contains(out, want) || codes != "" {
		t.Errorf("want %s in\n%s\n%s", want, out, codes)
	}
}

// A number in a condition is compared as the text written, as the other targets compare
// it: GitHub compares a string with a number as numbers, where an output "10.0" equals 10
// and an empty one equals 0.
func TestNumbersCompareAsText(t *testing.T) {
	out, codes := emit(t, `pipeline "p" {
  on {
    push {}
    manual {
      input "count" {
        type    = "number"
        default = 3
      }
    }
  }
  stage "a" {
    outputs = ["n"]
    step "s" { run = "x" }
  }
  stage "b" {
    needs = ["a"]
    when  = stage.a.outputs.n != 0 && input.count == 3
    step "s" { run = "x" }
  }
}`)
	want := `if: ${{ needs.a.outputs.n != '0' && fromJSON(github.event_name == 'workflow_dispatch' && toJSON(inputs.count) || '3') == '3' }}`
	if !strings.Contains(out, want) || codes != "" {
		t.Errorf("want %s in\n%s\n%s", want, out, codes)
	}
}

func TestUnsupportedGlobIsAnError(t *testing.T) {
	m, _ := hcl.Parse("p.hcl", []byte(`pipeline "p" {
  on {
    push {}
  }
  stage "a" {
    when = matches(ci.branch, "rel*/x")
    step "s" { run = "x" }
  }
}`))
	plan, ds := compile.Compile(m, "p.hcl")
	if ds.HasErrors() {
		t.Fatal(ds[0])
	}
	out, ds := github.Target{}.Emit(plan)
	if out != nil || len(ds) != 1 || ds[0].Code != "unsupported-glob" || ds[0].Target != "github" || ds[0].Subject.String() != "p.hcl:6:31" {
		t.Fatalf("got output=%v diags=%v", out != nil, ds)
	}
}

func TestEveryActionIsPinned(t *testing.T) {
	for _, a := range github.Actions {
		if len(a.SHA) != 40 || strings.Trim(a.SHA, "0123456789abcdef") != "" {
			t.Errorf("%s is not pinned to a full commit SHA: %q", a.Repo, a.SHA)
		}
		if !strings.HasPrefix(a.Version, "v") {
			t.Errorf("%s has no version comment", a.Repo)
		}
	}
}

func TestPlatformLimits(t *testing.T) {
	m, ds := hcl.Parse("p.hcl", []byte(`pipeline "p" {
  on {
    push {}
  }
  stage "a" {
    timeout = "7h"
    matrix {
      axes = { a = [1, 2, 3, 4, 5, 6, 7], b = [1, 2, 3, 4, 5, 6, 7], c = [1, 2, 3, 4, 5, 6] }
    }
    step "s" { run = "x" }
    artifact "x" {
      paths     = ["x"]
      expire_in = "91d"
    }
  }
  stage "b" {
    runner  = ["self-hosted"]
    timeout = "7h"
    step "s" { run = "x" }
  }
}`))
	if ds.HasErrors() {
		t.Fatal(ds[0])
	}
	plan, ds := compile.Compile(m, "p.hcl")
	if ds.HasErrors() {
		t.Fatal(ds[0])
	}
	_, ds = github.Target{}.Emit(plan)
	var got []string
	for _, d := range ds {
		got = append(got, d.Subject.String()+" "+d.Code)
	}
	want := "p.hcl:6:15 timeout-too-long,p.hcl:7:5 matrix-too-large,p.hcl:13:19 retention-too-long"
	if strings.Join(got, ",") != want {
		t.Errorf("got  %s\nwant %s", strings.Join(got, ","), want)
	}
}

// stepScripts returns the run scripts of a job's steps, by step name.
func stepScripts(t *testing.T, out, job string) map[string]string {
	t.Helper()
	var wf struct {
		Jobs map[string]struct {
			Steps []struct {
				Name string `yaml:"name"`
				Run  string `yaml:"run"`
			} `yaml:"steps"`
		} `yaml:"jobs"`
	}
	if err := yaml.Unmarshal([]byte(out), &wf); err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	for _, st := range wf.Jobs[job].Steps {
		m[st.Name] = st.Run
	}
	return m
}

// The retry wrapper must keep bash's -e in force: a failing first line fails the try.
func TestRetriesKeepFailingLinesFatal(t *testing.T) {
	out, _ := emit(t, `pipeline "p" {
  on {
    push {}
  }
  stage "a" {
    retries = 2
    step "broken" {
      run = <<-EOT
        echo try >> "$LOG"
        false
        echo after >> "$LOG"
      EOT
    }
    step "flaky" {
      run = <<-EOT
        n=$(cat "$COUNT" 2>/dev/null || echo 0)
        echo $((n + 1)) > "$COUNT"
        [ "$n" -ge 1 ]
        echo passed >> "$LOG"
      EOT
    }
  }
}`)
	scripts := stepScripts(t, out, "a")
	dir := t.TempDir()
	run := func(script string) (string, error) {
		cmd := exec.Command("bash", "-eo", "pipefail", "-c", script)
		cmd.Env = append(os.Environ(), "RUNNER_TEMP="+dir, "LOG="+filepath.Join(dir, "log"), "COUNT="+filepath.Join(dir, "count"))
		b, err := cmd.CombinedOutput()
		log, _ := os.ReadFile(filepath.Join(dir, "log"))
		os.Remove(filepath.Join(dir, "log"))
		return string(log) + "|" + string(b), err
	}
	got, err := run(scripts["broken"])
	if err == nil || strings.Contains(got, "after") || strings.Count(got, "try\n") != 3 {
		t.Errorf("broken step: want 3 failing tries and no 'after', got err=%v\n%s", err, got)
	}
	got, err = run(scripts["flaky"])
	if err != nil || !strings.Contains(got, "passed") || !strings.Contains(got, "retrying (1 of 2)") {
		t.Errorf("flaky step: want a pass on the second try, got err=%v\n%s", err, got)
	}
}

func TestEnvironmentBranchesTestThePushedRef(t *testing.T) {
	out, _ := emit(t, `pipeline "p" {
  on {
    push {}
    pull_request {}
  }
  environment "prod" {
    branches = ["main", "release/**"]
  }
  stage "d" {
    environment = "prod"
    step "s" { run = "x" }
  }
}`)
	want := "if: ${{ github.ref == 'refs/heads/main' || startsWith(github.ref, 'refs/heads/release/') }}"
	if !strings.Contains(out, want) {
		t.Errorf("want %s in\n%s", want, out)
	}
}

// GitHub's filter patterns read + and ? as quantifiers of the character before them
// and cannot negate a set: a spec's + is escaped, so it stays a character of the name,
// and ? (any one character) and [!set] are errors rather than a filter that runs for
// other names than on the other targets.
func TestTriggerGlobsKeepTheirMeaning(t *testing.T) {
	out, codes := emit(t, `pipeline "p" {
  on {
    push {
      branches     = ["deps+build", "rel/[0-9]*"]
      tags         = ["v*+*"]
      paths_ignore = ["lib/c++/**"]
    }
  }
  stage "a" {
    step "s" { run = "x" }
  }
}`)
	if codes != "" {
		t.Fatalf("unexpected diagnostics %s", codes)
	}
	for _, want := range []string{`- "deps\\+build"`, `- rel/[0-9]*`, `- "v*\\+*"`, `- "lib/c\\+\\+/**"`} {
		if !strings.Contains(out, want) {
			t.Errorf("want %s in\n%s", want, out)
		}
	}
	for _, glob := range []string{`branches = ["hotfix-?"]`, `tags = ["v[!0]*"]`, `paths = ["src/**", "a?.txt"]`} {
		m, _ := hcl.Parse("p.hcl", []byte(`pipeline "p" {
  on {
    pull_request {}
    push {
      `+glob+`
    }
  }
  stage "a" {
    step "s" { run = "x" }
  }
}`))
		plan, ds := compile.Compile(m, "p.hcl")
		if ds.HasErrors() {
			t.Fatal(ds[0])
		}
		if _, ds := (github.Target{}).Emit(plan); len(ds) != 1 || ds[0].Code != "unsupported-glob" || ds[0].Subject.Start.Line != 5 {
			t.Errorf("%s: want one unsupported-glob on line 5, got %v", glob, ds)
		}
	}
}

// GitHub keeps one pending run per concurrency group and cancels it when another run
// queues, whatever cancel-in-progress says: only pull requests may share a group, or
// pushes and schedules of one branch would wait for each other and drop the middle ones.
func TestOnlyPullRequestRunsShareAConcurrencyGroup(t *testing.T) {
	out, _ := emit(t, `pipeline "p" {
  on {
    push {}
    pull_request {}
    schedule "n" { cron = "0 3 * * *" }
  }
  stage "a" {
    step "s" { run = "x" }
  }
}`)
	var wf struct {
		Concurrency struct {
			Group  string `yaml:"group"`
			Cancel string `yaml:"cancel-in-progress"`
		} `yaml:"concurrency"`
	}
	if err := yaml.Unmarshal([]byte(out), &wf); err != nil {
		t.Fatal(err)
	}
	if want := "github.event_name == 'pull_request' && github.ref || github.run_id"; !strings.Contains(wf.Concurrency.Group, want) {
		t.Errorf("workflow concurrency group %q: want one group per run outside pull requests (%s)", wf.Concurrency.Group, want)
	}
	if want := "${{ github.event_name == 'pull_request' }}"; wf.Concurrency.Cancel != want {
		t.Errorf("cancel-in-progress %q, want %q", wf.Concurrency.Cancel, want)
	}
}

// A deployment's matrix cells run side by side: in one job-level concurrency group a
// third cell would cancel the second while it waits (GitHub keeps one pending job per
// group), so each cell has a group of its own; the rollback job has no matrix.
func TestMatrixDeploymentCellsHaveAGroupEach(t *testing.T) {
	out, _ := emit(t, `pipeline "p" {
  on {
    push {}
  }
  environment "prod" {}
  stage "deploy" {
    environment = "prod"
    matrix {
      axes = { region = ["eu", "us", "ap"] }
    }
    step "s" { run = "x" }
    rollback {
      step "r" { run = "y" }
    }
  }
}`)
	var wf struct {
		Jobs map[string]struct {
			Concurrency struct {
				Group string `yaml:"group"`
			} `yaml:"concurrency"`
		} `yaml:"jobs"`
	}
	if err := yaml.Unmarshal([]byte(out), &wf); err != nil {
		t.Fatal(err)
	}
	if got, want := wf.Jobs["deploy"].Concurrency.Group, "deploy-prod:${{ strategy.job-index }}"; got != want {
		t.Errorf("matrix deployment group %q, want %q", got, want)
	}
	if _, ok := wf.Jobs["deploy-rollback"]; ok {
		t.Errorf("a matrix deployment's rollback runs in each cell, under the cell's group:\n%s", out)
	}
}

// A matrix deployment rolls back each cell that failed, with that cell's values. A
// rollback job of its own would have no matrix (actionlint: "property region is not
// defined"), and GitHub tells it one result for all the cells.
func TestMatrixRollbackRunsInEachCell(t *testing.T) {
	out, codes := emit(t, `pipeline "p" {
  on {
    push {}
  }
  environment "prod" {}
  stage "deploy" {
    environment   = "prod"
    allow_failure = true
    matrix {
      axes = { region = ["eu", "us", "ap"] }
    }
    step "d" { run = "./deploy ${matrix.region}" }
    rollback {
      step "r" { run = "./undo ${matrix.region}" }
    }
  }
}`)
	var wf struct {
		Jobs map[string]struct {
			Strategy struct {
				FailFast *bool `yaml:"fail-fast"`
			} `yaml:"strategy"`
			Steps []struct {
				Name string            `yaml:"name"`
				If   string            `yaml:"if"`
				Env  map[string]string `yaml:"env"`
			} `yaml:"steps"`
		} `yaml:"jobs"`
	}
	if err := yaml.Unmarshal([]byte(out), &wf); err != nil {
		t.Fatal(err)
	}
	if len(wf.Jobs) != 1 {
		t.Fatalf("want the deploy job alone, got:\n%s", out)
	}
	steps := wf.Jobs["deploy"].Steps
	last := steps[len(steps)-1]
	if last.Name != "r" || last.If != "${{ failure() || cancelled() }}" || last.Env["PIPEC_MATRIX_REGION"] != "${{ matrix.region }}" {
		t.Errorf("the rollback step should end each cell, on failure, with the cell's values:\n%s", out)
	}
	if ff := wf.Jobs["deploy"].Strategy.FailFast; ff == nil || *ff {
		t.Errorf("a cell cancelled half way would not roll back: want fail-fast: false\n%s", out)
	}
	// The rollback runs inside the job, whatever the jobs after it are told.
	if strings.Contains(codes, "rollback-after-allowed-failure") {
		t.Errorf("unexpected warning: %s", codes)
	}
}

// The version comment after a pinned action goes on the uses: lines pipec writes, never
// into a script that holds such a line: it was appended to a heredoc's line, changing
// what the script printed.
func TestVersionCommentsStayOutOfScripts(t *testing.T) {
	line := "uses: " + github.Actions[0].Repo + "@" + github.Actions[0].SHA
	scripts := []string{
		"cat <<'X'\n" + line + "\nX\n",
		line + "\necho second line\n",
		"echo first\n  - " + line + "\n",
	}
	src := "pipeline \"p\" {\n  on {\n    push {}\n  }\n  stage \"a\" {\n"
	for i, s := range scripts {
		src += fmt.Sprintf("    step \"s%d\" {\n      run = %q\n    }\n", i, s)
	}
	src += "  }\n}\n"
	out, codes := emit(t, src)
	if codes != "" {
		t.Fatalf("diagnostics: %s", codes)
	}
	var wf struct {
		Jobs map[string]struct {
			Steps []struct {
				Name string `yaml:"name"`
				Uses string `yaml:"uses"`
				Run  string `yaml:"run"`
			} `yaml:"steps"`
		} `yaml:"jobs"`
	}
	if err := yaml.Unmarshal([]byte(out), &wf); err != nil {
		t.Fatal(err)
	}
	runs := map[string]string{}
	for _, st := range wf.Jobs["a"].Steps {
		runs[st.Name] = st.Run
	}
	for i, s := range scripts {
		if got := runs[fmt.Sprintf("s%d", i)]; got != s {
			t.Errorf("script s%d came out as %q, want %q", i, got, s)
		}
	}
	if !strings.Contains(out, "        uses: "+github.Actions[0].Repo+"@"+github.Actions[0].SHA+" # "+github.Actions[0].Version+"\n") {
		t.Errorf("checkout is not annotated:\n%s", out)
	}
}

// The runner pulls a job's container and services before any step runs, and their
// expressions cannot read the env context: ci.short_sha, which a step computes into the
// environment, is an error there, at the reference.
func TestShortSHAInImagesIsAnError(t *testing.T) {
	m, _ := hcl.Parse("p.hcl", []byte(`pipeline "p" {
  on {
    push {}
  }
  stage "a" {
    image = "app:${ci.short_sha}"
    service "db" {
      image = "db:${ci.short_sha}"
    }
    step "s" { run = "echo ${ci.short_sha}" }
  }
}`))
	out, got := emitCodesAt(t, m)
	want := "unsupported-reference@p.hcl:6:20,unsupported-reference@p.hcl:8:21"
	if out != nil || strings.Join(got, ",") != want {
		t.Fatalf("got output=%v diags=%v, want %s", out != nil, got, want)
	}
}

// In a container job github.workspace names the runner's path, not the mount the script
// sees; scripts read the runner's GITHUB_WORKSPACE instead.
func TestWorkspaceInContainer(t *testing.T) {
	out, _ := emit(t, `pipeline "p" {
  on {
    push {}
  }
  stage "a" {
    image = "alpine:3.20"
    step "s" { run = "ls \"${ci.workspace}\"" }
    step "e" {
      env = { WS = "${ci.workspace}/sub" }
      run = "ls \"$WS\""
    }
    step "p" {
      shell = "pwsh"
      run   = "Get-ChildItem ${ci.workspace}"
    }
  }
}`)
	for _, want := range []string{`ls "${GITHUB_WORKSPACE}"`, `Get-ChildItem $env:GITHUB_WORKSPACE`, `WS: ${{ env.PIPEC_CI_WORKSPACE }}/sub`, `echo "PIPEC_CI_WORKSPACE=$GITHUB_WORKSPACE" >> "$GITHUB_ENV"`} {
		if !strings.Contains(out, want) {
			t.Errorf("want %s in\n%s", want, out)
		}
	}
	if strings.Contains(out, "github.workspace") {
		t.Errorf("github.workspace reaches a container job's script or env:\n%s", out)
	}
}

// Job and workflow env are evaluated outside any step, where only github.workspace, the
// runner's path, is at hand: in a container job a variable reading ci.workspace goes to
// each step's env, which reads the container's path, below the step's own variables;
// a job on the runner gets the pipeline's at job level.
func TestWorkspaceInContainerJobEnvGoesToSteps(t *testing.T) {
	out, codes := emit(t, `pipeline "p" {
  on {
    push {}
  }
  env = {
    ROOT = ci.workspace
    MODE = "ci"
  }
  stage "a" {
    image = "alpine:3.20"
    env   = { SUB = "${ci.workspace}/sub" }
    step "s" {
      shell = "sh"
      run   = "ls"
    }
    step "t" {
      shell = "sh"
      run   = "ls"
      env   = { ROOT = "/own" }
    }
  }
  stage "b" {
    env  = { ROOT = "/b" }
    step "s" { run = "ls" }
  }
  stage "c" {
    step "s" { run = "ls" }
  }
}`)
	if codes != "" {
		t.Fatalf("diagnostics %s:\n%s", codes, out)
	}
	wf := envWorkflowOf(t, out)
	if len(wf.Env) != 1 || wf.Env["MODE"] != "ci" {
		t.Errorf("workflow env: want MODE alone, got %v", wf.Env)
	}
	a := wf.Jobs["a"]
	if len(a.Env) != 0 {
		t.Errorf("container job env: want none, got %v", a.Env)
	}
	steps, ctx := wf.stepEnvs("a", "PIPEC_CI_WORKSPACE=$GITHUB_WORKSPACE")
	ws := "${{ env.PIPEC_CI_WORKSPACE }}"
	if s := steps["s"]; s["ROOT"] != ws || s["SUB"] != ws+"/sub" {
		t.Errorf("step s env: got %v", s)
	}
	if s := steps["t"]; s["ROOT"] != "/own" || s["SUB"] != ws+"/sub" {
		t.Errorf("step t env: want its own ROOT, got %v", s)
	}
	if !ctx {
		t.Errorf("no context step sets PIPEC_CI_WORKSPACE:\n%s", out)
	}
	if env := wf.Jobs["b"].Env; env["ROOT"] != "/b" {
		t.Errorf("job b env: want the stage's ROOT, got %v", env)
	}
	if env := wf.Jobs["c"].Env; env["ROOT"] != "${{ github.workspace }}" {
		t.Errorf("job c env: want the pipeline's ROOT, got %v", env)
	}
}

// ci.short_sha is computed by the job's context step, after GitHub has evaluated the
// workflow's and the job's env: a pipeline or stage variable reading it goes to each
// step's env, below the step's own, and the context step computes it there.
func TestShortSHAInPipelineAndStageEnvGoesToSteps(t *testing.T) {
	out, codes := emit(t, `pipeline "p" {
  on {
    push {}
  }
  env = {
    TAG  = "app:${ci.short_sha}"
    MODE = "ci"
  }
  stage "a" {
    env  = { V = ci.short_sha }
    step "s" { run = "echo $TAG $V" }
    step "t" {
      run = "echo $TAG"
      env = { TAG = "own" }
    }
  }
}`)
	if codes != "" {
		t.Fatalf("diagnostics %s:\n%s", codes, out)
	}
	wf := envWorkflowOf(t, out)
	if len(wf.Env) != 1 || wf.Env["MODE"] != "ci" {
		t.Errorf("workflow env: want MODE alone, got %v", wf.Env)
	}
	a := wf.Jobs["a"]
	if len(a.Env) != 0 {
		t.Errorf("job env: want none, got %v", a.Env)
	}
	steps, ctx := wf.stepEnvs("a", `PIPEC_CI_SHORT_SHA=${GITHUB_SHA%"${GITHUB_SHA#????????}"}`)
	sha := "${{ env.PIPEC_CI_SHORT_SHA }}"
	if s := steps["s"]; s["TAG"] != "app:"+sha || s["V"] != sha {
		t.Errorf("step s env: got %v", s)
	}
	if s := steps["t"]; s["TAG"] != "own" || s["V"] != sha {
		t.Errorf("step t env: want its own TAG, got %v", s)
	}
	if !ctx {
		t.Errorf("no context step sets PIPEC_CI_SHORT_SHA:\n%s", out)
	}
}

// GitHub reads approvals from the environment's required reviewers, which the workflow
// cannot set: an environment with approval says so, once, at its approval.
func TestApprovalSaysWhereReviewersAreSet(t *testing.T) {
	m, _ := hcl.Parse("p.hcl", []byte(`pipeline "p" {
  on {
    push {}
  }
  environment "prod" {
    approval = true
  }
  environment "staging" {}
  stage "a" {
    environment = "prod"
    step "d" { run = "./deploy" }
  }
  stage "b" {
    environment = "prod"
    strategy "rolling" {
      batches = 2
    }
    step "d" { run = "./deploy" }
  }
  stage "c" {
    environment = "staging"
    step "d" { run = "./deploy" }
  }
}`))
	p, ds := compile.Compile(m, "p.hcl")
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	_, ds = github.Target{}.Emit(p)
	n := 0
	for _, d := range ds {
		if d.Code == "approval-in-environment-settings" {
			n++
			if d.Subject.Start.Line != 6 || !strings.Contains(d.Detail, "Required reviewers") || !strings.Contains(d.Summary, `"prod"`) {
				t.Errorf("want the warning at prod's approval, naming where to add reviewers: %v", d)
			}
		}
	}
	if n != 1 {
		t.Errorf("want one approval warning, got %d: %v", n, ds)
	}
}

// actions/cache fails a step whose key holds a comma, and upload-artifact one whose name
// holds a '/', ':' or a quote: matrix values with them give the cells the job's index
// instead, and a literal cache key with a comma is an error at the spec's key.
func TestMatrixValuesStayOutOfKeysAndNamesThatRefuseThem(t *testing.T) {
	out, codes := emit(t, `pipeline "p" {
  on {
    push {}
  }
  stage "a" {
    matrix {
      axes = { target = ["linux/amd64", "3.11,3.12"] }
    }
    cache {
      paths = ["out"]
    }
    step "s" {
      run = "make"
    }
    artifact "bin" {
      paths = ["out"]
    }
  }
}`)
	if codes != "" {
		t.Errorf("diagnostics %s", codes)
	}
	for _, want := range []string{"key: a-${{ runner.os }}-${{ strategy.job-index }}-${{ github.sha }}", "name: a.bin.${{ strategy.job-index }}"} {
		if !strings.Contains(out, want) {
			t.Errorf("want %q in\n%s", want, out)
		}
	}
	for _, bad := range []string{"${{ matrix.target }}-", "a.bin.${{ matrix.target }}"} {
		if strings.Contains(out, bad) {
			t.Errorf("%q in\n%s", bad, out)
		}
	}

	m, _ := hcl.Parse("p.hcl", []byte(`pipeline "p" {
  on {
    push {}
  }
  stage "a" {
    cache {
      paths = ["out"]
      key   = "deps, v2"
    }
    step "s" {
      run = "make"
    }
  }
}`))
	plan, _ := compile.Compile(m, "p.hcl")
	_, ds := github.Target{}.Emit(plan)
	if len(ds) != 1 || ds[0].Code != "unsupported-character" || ds[0].Subject.Start.Line != 8 {
		t.Errorf("want one github/unsupported-character at line 8, got %v", ds)
	}
}

// GitHub allows no expression in a workflow's triggers and has no escape for "${{"
// there: a glob or an input text holding it is an error at its place in the spec, not
// a workflow GitHub refuses.
func TestExpressionSyntaxInTriggersIsAnError(t *testing.T) {
	m, _ := hcl.Parse("p.hcl", []byte(`pipeline "p" {
  on {
    push {
      branches = ["feat/$${{x}}"]
      paths    = ["src/**"]
    }
    manual {
      input "a" {
        type        = "choice"
        options     = ["x", "$${{ y }}"]
        default     = "x"
        description = "see $${{ github.sha }}"
      }
      input "b" {
        default = "$${{ z }}"
      }
    }
  }
  stage "s" {
    step "e" {
      run = "echo ${input.a} ${input.b}"
    }
  }
}`))
	plan, ds := compile.Compile(m, "p.hcl")
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	_, ds = github.Target{}.Emit(plan)
	var lines []string
	for _, d := range ds {
		if d.Code == "unsupported-character" {
			lines = append(lines, fmt.Sprint(d.Subject.Start.Line))
		}
	}
	if got := strings.Join(lines, ","); got != "4,8,10,15" {
		t.Errorf("errors at lines %s, want 4,8,10,15: %v", got, ds)
	}
}

// Shell names GitHub knows by the runner's OS. Windows PowerShell exists on Windows only,
// and GitHub refuses `shell: powershell` elsewhere: there a powershell step runs in pwsh,
// as on the other targets. GitHub refuses `shell: sh` on Windows, where Git for Windows'
// sh is on the runner's PATH: the step names GitHub's own definition of sh as a custom
// shell. A runner of labels has the OS a label names; one that names none keeps the name.
func TestShellNamesFollowTheRunnersOS(t *testing.T) {
	for _, c := range []struct{ shell, runner, want string }{
		{"powershell", `"macos"`, "shell: pwsh"},
		{"powershell", `"linux"`, "shell: pwsh"},
		{"powershell", `"windows"`, "shell: powershell"},
		{"powershell", `["self-hosted", "win"]`, "shell: powershell"},
		{"powershell", `["self-hosted", "Linux", "x64"]`, "shell: pwsh"},
		{"powershell", `["self-hosted", "windows"]`, "shell: powershell"},
		{"sh", `"windows"`, "shell: sh -e {0}"},
		{"sh", `["self-hosted", "Windows", "x64"]`, "shell: sh -e {0}"},
		{"sh", `"linux"`, "shell: sh"},
		{"sh", `["self-hosted", "win"]`, "shell: sh"},
	} {
		out, codes := emit(t, `pipeline "p" {
  on {
    push {}
  }
  stage "s" {
    runner = `+c.runner+`
    step "x" {
      shell = "`+c.shell+`"
      run   = "echo a"
    }
  }
}`)
		if !strings.Contains(out, "\n        "+c.want+"\n") || codes != "" {
			t.Errorf("%s on runner %s: want %q (diagnostics %q) in:\n%s", c.shell, c.runner, c.want, codes, out)
		}
	}
}

// GitHub refuses job ids of 100 characters or more. A stage name may have 100, and a
// canary's jobs add "-canary-N": each id is shortened to 99 characters, stays unique,
// and the job's name shows the stage.
func TestLongJobIDs(t *testing.T) {
	long := "d" + strings.Repeat("e", 98) + "p"
	out, _ := emit(t, `pipeline "p" {
  on {
    push {}
  }
  environment "prod" {}
  stage "`+long+`" {
    step "s" { run = "x" }
  }
  stage "`+long[:99]+`" {
    needs       = ["`+long+`"]
    environment = "prod"
    strategy "canary" {
      increments = [10, 20]
    }
    step "s" { run = "x" }
    rollback {
      step "r" { run = "y" }
    }
  }
}`)
	var wf struct {
		Jobs yaml.MapSlice `yaml:"jobs"`
	}
	if err := yaml.Unmarshal([]byte(out), &wf); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, item := range wf.Jobs {
		id := fmt.Sprint(item.Key)
		if len(id) > 99 || seen[id] {
			t.Errorf("job id %q: %d characters, or twice", id, len(id))
		}
		seen[id] = true
	}
	if len(seen) != 5 {
		t.Errorf("got %d jobs, want 5", len(seen))
	}
	if !strings.Contains(out, "    name: "+long+"\n") {
		t.Errorf("the shortened plain job is not named after its stage:\n%s", out)
	}
}

// GitHub's job `if` cannot read the matrix context (the workflow is refused): a test of
// matrix values chooses the cells the strategy lists, as on Azure, and a conjunct that
// mixes matrix values with other values is an error.
func TestMatrixConditionsChooseCells(t *testing.T) {
	out, codes := emit(t, `pipeline "p" {
  on {
    push {}
  }
  stage "a" {
    matrix {
      axes = {
        os = ["linux", "mac"]
        n  = [1, 2]
      }
    }
    when = matrix.os == "linux" && ci.branch == "main" && matrix.n != 2
    step "s" { run = "echo ${matrix.os}" }
  }
}`)
	if codes != "" {
		t.Fatalf("diagnostics: %s", codes)
	}
	var doc struct {
		Jobs map[string]struct {
			If       string
			Strategy struct {
				Matrix map[string]any
			}
		}
	}
	if err := yaml.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	a := doc.Jobs["a"]
	if strings.Contains(a.If, "matrix") || !strings.Contains(a.If, "'main'") {
		t.Errorf("if: %q", a.If)
	}
	want := map[string]any{"include": []any{map[string]any{"os": "linux", "n": "1"}}}
	if fmt.Sprint(a.Strategy.Matrix) != fmt.Sprint(want) {
		t.Errorf("matrix: got %v, want %v", a.Strategy.Matrix, want)
	}

	m, _ := hcl.Parse("p.hcl", []byte(`pipeline "p" {
  on {
    push {}
  }
  stage "a" {
    matrix {
      axes = { os = ["linux", "mac"] }
    }
    when = matrix.os == "linux" || ci.branch == "main"
    step "s" { run = "x" }
  }
}`))
	plan, ds := compile.Compile(m, "p.hcl")
	if ds.HasErrors() {
		t.Fatal(ds[0])
	}
	bad, ds := github.Target{}.Emit(plan)
	if bad != nil || len(ds) != 1 || ds[0].Code != "unsupported-condition" || ds[0].Subject.String() != "p.hcl:9:12" {
		t.Fatalf("got output=%v diags=%v", bad != nil, ds)
	}
}

// A native block adds to the mappings pipec writes: a job's permissions keep the
// id-token its identity needs beside the one the block asks for, and its env keeps the
// stage's variables; a key the block names replaces pipec's value.
func TestNativeMappingsMerge(t *testing.T) {
	out, codes := emit(t, `pipeline "p" {
  on {
    push {}
  }
  identity "cloud" {
    aws {
      role_arn = "arn:aws:iam::123456789012:role/r"
      region   = "eu-west-1"
    }
  }
  stage "s" {
    identity = "cloud"
    env      = { A = "1", B = "2" }
    step "x" { run = "true" }
    native "github" {
      permissions = { packages = "write", contents = "write" }
      env         = { B = "two", C = "3" }
    }
  }
}`)
	for _, want := range []string{
		"    permissions:\n      contents: write\n      id-token: write\n      packages: write\n",
		"    env:\n      A: \"1\"\n      B: two\n      C: \"3\"\n",
	} {
		if !strings.Contains(out, want) || codes != "" {
			t.Errorf("want\n%s(diagnostics %q) in:\n%s", want, codes, out)
		}
	}
}

// GitHub reserves job ids that start with "__" and refuses the workflow: a stage named
// "__init" gets another id, which the jobs after it need, and keeps its name.
func TestReservedJobIDs(t *testing.T) {
	out, codes := emit(t, `pipeline "p" {
  on {
    push {}
  }
  stage "__init" {
    step "s" { run = "x" }
  }
  stage "b" {
    needs = ["__init"]
    step "s" { run = "x" }
  }
}`)
	if codes != "" {
		t.Fatalf("diagnostics %q", codes)
	}
	for _, want := range []string{"\n  job__init:\n    name: __init\n", "    needs:\n      - job__init\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("want %q in:\n%s", want, out)
		}
	}
	if strings.Contains(out, "\n  __") {
		t.Errorf("a job id starts with __:\n%s", out)
	}
}

// actions/cache reads its paths with @actions/glob, one per line, trimmed, and a line
// starting with '#' is a comment: a cache path starting with '#' or with blanks at its
// ends is written with one-character classes, one starting with '!' (a negation there)
// after "./", and one with a line break is an error.
func TestCachePathsAsGlobLines(t *testing.T) {
	out, codes := emit(t, `pipeline "p" {
  on {
    push {}
  }
  stage "s" {
    cache {
      paths = ["#c", " lead", "trail ", "a", " ", "a #b", "!x", "!!y ", "a!"]
    }
    step "x" { run = "x" }
  }
}`)
	if codes != "" {
		t.Fatalf("diagnostics %q", codes)
	}
	if want := "          path: |\n            [#]c\n            [ ]lead\n            trail[ ]\n            a\n            [ ]\n            a #b\n            ./!x\n            ./!!y[ ]\n            a!\n"; !strings.Contains(out, want) {
		t.Errorf("want %q in:\n%s", want, out)
	}
	_, codes = emit(t, `pipeline "p" {
  on {
    push {}
  }
  stage "s" {
    cache {
      paths = ["a\nb"]
    }
    step "x" { run = "x" }
  }
}`)
	if codes != "unsupported-character" {
		t.Errorf("a path with a line break: %q", codes)
	}
}

// A job on the runner itself reaches its services at the ports GitHub publishes there:
// a step names them in /etc/hosts, so steps reach them by name as in a container job and
// on the other targets, and a service without ports there is a warning.
func TestServicesOnTheRunner(t *testing.T) {
	for _, c := range []struct {
		stage, hosts, diags string
	}{
		{`ports = [6379]`, "printf '127.0.0.1 %s\\n' redis |", ""},
		{``, "printf '127.0.0.1 %s\\n' redis |", "service-without-ports"},
		{"ports = [6379]\n    }\n    image = \"python:3.12\"\n    service \"x\" {\n      image = \"x\"", "", ""},
	} {
		out, diags := emit(t, `pipeline "p" {
  on {
    push {}
  }
  stage "itest" {
    service "redis" {
      image = "redis:7"
      `+c.stage+`
    }
    step "t" { run = "redis-cli -h redis ping" }
  }
}`)
		if got := strings.Contains(out, "pipec service hosts"); got != (c.hosts != "") || !strings.Contains(out, c.hosts) {
			t.Errorf("%q: hosts step %v, want %q:\n%s", c.stage, got, c.hosts, out)
		}
		if diags != c.diags {
			t.Errorf("%q: diagnostics %q, want %q", c.stage, diags, c.diags)
		}
	}
}

// A container job reaches its services by name and publishes no ports on the runner, so
// two services of one port (a primary and a replica) do not fail the job; a job on the
// runner publishes them, since it reaches services there.
func TestServicePortsOnlyForJobsOnTheRunner(t *testing.T) {
	for image, want := range map[string]int{`image = "python:3.12"`: 0, ``: 2} {
		out, _ := emit(t, `pipeline "p" {
  on {
    push {}
  }
  stage "itest" {
    `+image+`
    service "primary" {
      image = "postgres:16"
      ports = [5432]
    }
    service "replica" {
      image = "postgres:16"
      ports = [5433]
    }
    step "t" { run = "psql -h primary && psql -h replica" }
  }
}`)
		if got := strings.Count(out, "ports:"); got != want {
			t.Errorf("%q: %d ports keys, want %d:\n%s", image, got, want, out)
		}
	}
}

// emitCodesAt compiles m and emits it for GitHub, giving the output and each
// diagnostic as CODE@FILE:LINE:COLUMN.
func emitCodesAt(t *testing.T, m *model.Pipeline) ([]byte, []string) {
	t.Helper()
	plan, ds := compile.Compile(m, "p.hcl")
	if ds.HasErrors() {
		t.Fatal(ds[0])
	}
	out, ds := github.Target{}.Emit(plan)
	var got []string
	for _, d := range ds {
		got = append(got, d.Code+"@"+d.Subject.String())
	}
	return out, got
}

// pipec moves variables that read ci.workspace into each step's env (a job with an
// image) or the job's env (the pipeline's, when some job has an image): one there whose
// name another variable of that mapping has in another case would make GitHub refuse
// the workflow ("'WS' is already defined"). An error, once, at the inner variable.
func TestEnvNamesDifferingByCaseInOneMapping(t *testing.T) {
	m, ds := hcl.Parse("p.hcl", []byte(`pipeline "p" {
  on {
    push {}
  }
  env = { Top = "${ci.workspace}" }
  stage "a" {
    image = "alpine:3"
    env   = { WS = "${ci.workspace}/x", top = "${ci.workspace}" }
    step "s" {
      env = { ws = "mine" }
      run = "true"
    }
    step "t" {
      env = { ws = "again" }
      run = "true"
    }
  }
  stage "b" {
    env = { TOP = "x" }
    step "s" { run = "true" }
  }
}`))
	if ds.HasErrors() {
		t.Fatal(ds[0])
	}
	out, got := emitCodesAt(t, m)
	want := "name-collision@p.hcl:8:41,name-collision@p.hcl:10:15,name-collision@p.hcl:14:15,name-collision@p.hcl:19:13"
	if strings.Join(got, ",") != want || out != nil {
		t.Errorf("got  %s\nwant %s (and no output)\n%s", strings.Join(got, ","), want, out)
	}
}

// envWorkflow is what the env tests read of a workflow: the env of the workflow, of each
// job and of each step.
type envWorkflow struct {
	Env  map[string]string `yaml:"env"`
	Jobs map[string]struct {
		Env   map[string]string `yaml:"env"`
		Steps []struct {
			Name string            `yaml:"name"`
			Run  string            `yaml:"run"`
			Env  map[string]string `yaml:"env"`
		} `yaml:"steps"`
	} `yaml:"jobs"`
}

// stepEnvs is the env of each step of job, by step name, and whether a step's script
// holds line (the context step that computes a value the env reads).
func (wf envWorkflow) stepEnvs(job, line string) (map[string]map[string]string, bool) {
	steps := map[string]map[string]string{}
	found := false
	for _, st := range wf.Jobs[job].Steps {
		steps[st.Name] = st.Env
		found = found || strings.Contains(st.Run, line)
	}
	return steps, found
}

func envWorkflowOf(t *testing.T, out string) envWorkflow {
	t.Helper()
	var wf envWorkflow
	if err := yaml.Unmarshal([]byte(out), &wf); err != nil {
		t.Fatal(err)
	}
	return wf
}

// A literal "${{" in a retried step's script is escaped once, in the final run text: a
// retry wrapper that quotes the script (PowerShell's single quotes double each quote)
// must not quote the escape's own quotes, which GitHub then refused as an expression.
func TestRetriedScriptsEscapeExpressionsOnce(t *testing.T) {
	out, _ := emit(t, `pipeline "p" {
  on {
    push {}
  }
  stage "a" {
    runner  = "windows"
    retries = 1
    step "pwsh" {
      shell = "pwsh"
      run   = "echo '$${{ x }}'"
    }
    step "powershell" {
      shell = "powershell"
      run   = "echo $${{ y }}"
    }
    step "bash" {
      run = "echo '$${{ z }}'"
    }
    step "python" {
      shell = "python"
      run   = "print('$${{ w }}')"
    }
  }
}`)
	for _, want := range []string{
		"echo ''${{ '${{' }} x }}''",
		"echo ${{ '${{' }} y }}",
		"echo '${{ '${{' }} z }}'",
		"print('${{ '${{' }} w }}')",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "''${{''") {
		t.Errorf("an escaped expression was quoted again:\n%s", out)
	}
}

// GitHub's parser skips a "}}" inside an expression's string literal, but actionlint (and
// so pipec lint) ends the expression there and reports the condition as always true: such
// text is written through format(), split between the braces.
func TestNoClosingBracesInsideExpressionStrings(t *testing.T) {
	out, _ := emit(t, `pipeline "p" {
  on {
    push {}
    manual {
      input "t" {
        default = "a }} b"
      }
    }
  }
  stage "a" {
    when = input.t != "x" && ci.actor != "}}}"
    step "s" { run = "true" }
  }
}`)
	want := `if: ${{ fromJSON(github.event_name == 'workflow_dispatch' && toJSON(inputs.t) || format('{0}{1}', '"a }', '} b"')) != 'x' && github.actor != format('{0}{1}{2}', '}', '}', '}') }}`
	if !strings.Contains(out, want) {
		t.Errorf("want %s in\n%s", want, out)
	}
}
