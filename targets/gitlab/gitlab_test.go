package gitlab

import (
	"encoding/json"
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
	"github.com/pipec-dev/pipec/compile/model"
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

// GitLab rules have no `!`: negations must reach the leaves as !=, !~ and De Morgan.
func TestRulesPushNegationDown(t *testing.T) {
	e := newEmitter(nil)
	j := &gjob{Job: &compile.Job{}}
	cases := map[string]string{
		`ci.event == "manual"`:                           `($CI_PIPELINE_SOURCE == "web" || $CI_PIPELINE_SOURCE == "api")`,
		`!(ci.event == "pull_request" || ci.tag == "x")`: `($CI_PIPELINE_SOURCE != "merge_request_event" && ($CI_COMMIT_TAG == null || $CI_COMMIT_TAG != "x"))`,
		`!matches(ci.branch, "release/**")`:              `(($CI_COMMIT_BRANCH == null || $CI_COMMIT_BRANCH !~ /^release\/.*$/) && ($CI_MERGE_REQUEST_SOURCE_BRANCH_NAME == null || $CI_MERGE_REQUEST_SOURCE_BRANCH_NAME !~ /^release\/.*$/))`,
		`startswith(ci.ref, "refs/tags/v")`:              `($CI_COMMIT_TAG != null && $CI_COMMIT_TAG =~ /^v/)`,
		`!input.force`:                                   `($PIPEC_INPUT_FORCE == null || $PIPEC_INPUT_FORCE == "" || $PIPEC_INPUT_FORCE == "false")`,
		`input.target`:                                   `($PIPEC_INPUT_TARGET != null && $PIPEC_INPUT_TARGET != "" && $PIPEC_INPUT_TARGET != "false")`,
		`matrix.os != "linux" && input.n == 3`:           `(($PIPEC_MATRIX_OS == null || $PIPEC_MATRIX_OS != "linux") && $PIPEC_INPUT_N == "3")`,
		// Unset variables: a branch push has no tag, a merge request no pushed branch.
		`matches(ci.ref, "refs/heads/*")`:   `($CI_COMMIT_BRANCH != null && $CI_COMMIT_BRANCH =~ /^[^\/]*$/)`,
		`startswith(ci.ref, "refs/heads/")`: `$CI_COMMIT_BRANCH != null`,
		`!startswith(ci.ref, "refs/tags/")`: `$CI_COMMIT_TAG == null`,
		`ci.tag != ""`:                      `($CI_COMMIT_TAG != null && $CI_COMMIT_TAG != "")`,
		`ci.branch == ""`:                   `(($CI_COMMIT_BRANCH == null || $CI_COMMIT_BRANCH == "") && ($CI_MERGE_REQUEST_SOURCE_BRANCH_NAME == null || $CI_MERGE_REQUEST_SOURCE_BRANCH_NAME == ""))`,
		`matches(ci.branch, "*")`:           `(($CI_COMMIT_BRANCH != null && $CI_COMMIT_BRANCH =~ /^[^\/]*$/) || ($CI_MERGE_REQUEST_SOURCE_BRANCH_NAME != null && $CI_MERGE_REQUEST_SOURCE_BRANCH_NAME =~ /^[^\/]*$/) || ($CI_COMMIT_BRANCH == null && $CI_MERGE_REQUEST_SOURCE_BRANCH_NAME == null))`,
		`ci.actor == "say \"hi\""`:          `$GITLAB_USER_LOGIN == 'say "hi"'`,
	}
	for src, want := range cases {
		if got := e.rule(parse(t, src), false, j); got != want {
			t.Errorf("%s:\n got %s\nwant %s", src, got, want)
		}
		if strings.Contains(e.rule(parse(t, src), false, j), "!(") {
			t.Errorf("%s: a negated group reached the rule", src)
		}
	}
	if len(e.diags) != 0 {
		t.Errorf("unexpected diagnostics: %v", e.diags)
	}
}

func TestGlobRegexp(t *testing.T) {
	cases := []struct {
		glob    string
		yes, no []string
	}{
		{"main", []string{"main"}, []string{"main2", "xmain"}},
		{"release/*", []string{"release/1.0"}, []string{"release/a/b", "release"}},
		{"release/**", []string{"release/a/b", "release/"}, []string{"releases/a"}},
		{"v?.[0-9]", []string{"v1.2"}, []string{"v1.x", "v12.3"}},
		{"feat.x+y", []string{"feat.x+y"}, []string{"featxx+y"}},
	}
	for _, c := range cases {
		re := regexp.MustCompile("^" + expr.GlobRegexp(c.glob) + "$")
		for _, s := range c.yes {
			if !re.MatchString(s) {
				t.Errorf("%s should match %s", c.glob, s)
			}
		}
		for _, s := range c.no {
			if re.MatchString(s) {
				t.Errorf("%s should not match %s", c.glob, s)
			}
		}
	}
}

// The conditions a job decides itself run in sh: check their truth for real.
func TestShellConditionsRunInSh(t *testing.T) {
	e := newEmitter(nil)
	j := &gjob{Job: &compile.Job{}}
	cases := []struct {
		cond string
		env  []string
		want bool
	}{
		{`stage.a.outputs.v == "true"`, []string{"PIPEC_STAGE_A_OUTPUTS_V=true"}, true},
		{`stage.a.outputs.v == "true"`, nil, false},
		{`stage.a.outputs.v == "true" || input.force`, []string{"PIPEC_INPUT_FORCE=true"}, true},
		{`stage.a.outputs.v == "true" || input.force`, []string{"PIPEC_INPUT_FORCE=false"}, false},
		{`!(stage.a.outputs.v != "x") && startswith(ci.ref, "refs/heads/rel")`, []string{"PIPEC_STAGE_A_OUTPUTS_V=x", "CI_COMMIT_BRANCH=release/1"}, true},
		{`matches(stage.a.outputs.v, "v*-rc") && ci.event == "pull_request"`, []string{"PIPEC_STAGE_A_OUTPUTS_V=v1.2-rc", "CI_PIPELINE_SOURCE=merge_request_event"}, true},
		{`matches(stage.a.outputs.v, "!v*")`, []string{"PIPEC_STAGE_A_OUTPUTS_V=v1"}, false},
		// * stops at '/', as in rules.
		{`matches(stage.a.outputs.v, "release/*")`, []string{"PIPEC_STAGE_A_OUTPUTS_V=release/a/b"}, false},
		{`matches(stage.a.outputs.v, "release/**")`, []string{"PIPEC_STAGE_A_OUTPUTS_V=release/a/b"}, true},
		{`stage.a.outputs.v == "it's \"quoted\" $HOME"`, []string{`PIPEC_STAGE_A_OUTPUTS_V=it's "quoted" $HOME`}, true},
	}
	for _, c := range cases {
		script := "if " + posix.Cond(parse(t, c.cond), e.valueOf(j)) + "; then echo yes; else echo no; fi"
		cmd := exec.Command("sh", "-c", script)
		cmd.Env = append([]string{"PATH=" + os.Getenv("PATH")}, c.env...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s: sh failed: %v\n%s\n%s", c.cond, err, script, out)
		}
		if got := strings.TrimSpace(string(out)) == "yes"; got != c.want {
			t.Errorf("%s with %v: got %v, want %v\n%s", c.cond, c.env, got, c.want, script)
		}
	}
}

func TestWhatGitLabCannotExpress(t *testing.T) {
	p := plan(t, `pipeline "p" {
  on {
    push {
      paths_ignore = ["docs/**"]
    }
    schedule "nightly" { cron = "0 1 * * *" }
  }
  stage "variables" {
    retries = 5
    step "s" { run = "x" }
  }
  stage "w" {
    runner = "windows"
    step "s" { run = "x" }
  }
}`)
	out, ds := Target{}.Emit(p)
	if out == nil {
		t.Error("no output for warnings only")
	}
	var got []string
	for _, d := range ds {
		if d.Target != "gitlab" {
			t.Errorf("diagnostic without target: %v", d)
		}
		got = append(got, d.Subject.String()+" "+d.Severity.String()+" "+d.Code)
	}
	want := "p.hcl:4:23 warning paths-ignore-unsupported,p.hcl:6:33 warning schedule-outside-file,p.hcl:9:15 warning retries-capped,p.hcl:13:14 warning windows-bash"
	if strings.Join(got, ",") != want {
		t.Errorf("got  %s\nwant %s", strings.Join(got, ","), want)
	}
}

func TestReservedNamesAreRenamed(t *testing.T) {
	p := plan(t, `pipeline "p" {
  on {
    push {}
  }
  stage "image" {
    step "s" { run = "x" }
  }
  stage "cache" {
    needs = ["image"]
    step "s" { run = "x" }
  }
}`)
	out, ds := Target{}.Emit(p)
	if ds.HasErrors() {
		t.Fatal(ds[0])
	}
	for _, want := range []string{"\nimage-job:\n", "\ncache-job:\n", "    - image-job\n"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// On Windows the POSIX script travels inside a PowerShell here-string: it must arrive
// whole, and run like the Linux one.
func TestWindowsScriptCarriesThePOSIXScript(t *testing.T) {
	items := []any{"echo one\n", "# two\n(\n  set -e\n  echo \"two $HOME\"\n)\n", "echo '@ three'"}
	ps := windowsScript(items)
	start := strings.Index(ps, "@'\n")
	end := strings.Index(ps, "\n'@\n")
	if start < 0 || end < 0 {
		t.Fatalf("no here-string in:\n%s", ps)
	}
	script := ps[start+3 : end+1]
	out, err := exec.Command("bash", "-c", script).CombinedOutput()
	if err != nil || string(out) != "one\ntwo "+os.Getenv("HOME")+"\n@ three\n" {
		t.Errorf("got %q, %v from:\n%s", out, err, script)
	}
	if !strings.Contains(ps, "if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }") {
		t.Error("bash's exit status is not passed on")
	}
}

// A step's script reaches the shell as written: a heredoc's end marker still ends it, and
// a string spanning lines keeps its text (the lines once went in indented by two spaces,
// which left the heredoc open to the end of the job and changed the string).
func TestScriptLinesAreNotIndented(t *testing.T) {
	script := jobScripts(t, `pipeline "p" {
  on {
    push {}
  }
  stage "s" {
    step "heredoc" {
      run = <<-EOT
        cat <<'DOC'
        line one
          indented  
        DOC
        printf '%s|' "a
        b"
      EOT
    }
  }
}`, "s")[0]
	got, err := exec.Command("bash", "-c", script).CombinedOutput()
	if want := "line one\n  indented  \na\nb|"; err != nil || string(got) != want {
		t.Errorf("got %q (%v), want %q, from:\n%s", got, err, want, script)
	}
}

// TestInputInterpolationInLiteralText: in a file with inputs GitLab replaces every
// "$[[ ... ]]" before reading it, so literal text holding one is an error at its place
// (a rolling deploy renders its scripts once per batch and reports each, which the
// command prints once: diag.Compact); without inputs GitLab interpolates nothing and the
// text is written as it is.
func TestInputInterpolationInLiteralText(t *testing.T) {
	const body = `
  env = {
    LIT = "$[[ inputs.x ]]"
  }
  environment "fleet" {}
  stage "s" {
    environment = "fleet"
    strategy "rolling" {
      batches = 3
    }
    step "e" {
      run = "echo '$[[ inputs.x ]]' \"${input.x}\""
      env = { E = "a$[[b" }
    }
    step "fine" {
      run = "echo \"$${X}[[\" '$[' '[['"
    }
  }
}`
	withInputs := plan(t, `pipeline "p" {
  on {
    push {}
    manual {
      input "x" { default = "v" }
    }
  }`+body)
	out, ds := Target{}.Emit(withInputs)
	var got []string
	for _, d := range ds.Compact() {
		got = append(got, d.Subject.String()+" "+d.Severity.String()+" "+d.Code)
	}
	want := "p.hcl:9:11 error unsupported-character,p.hcl:18:13 error unsupported-character,p.hcl:19:19 error unsupported-character"
	if out != nil || strings.Join(got, ",") != want {
		t.Errorf("got  %s (output %t)\nwant %s", strings.Join(got, ","), out != nil, want)
	}

	without := plan(t, `pipeline "p" {
  on {
    push {}
  }`+strings.ReplaceAll(body, `\"${input.x}\"`, ""))
	out, ds = Target{}.Emit(without)
	if ds.HasErrors() || !strings.Contains(string(out), "$[[ inputs.x ]]") {
		t.Errorf("without inputs: %v\n%s", ds, out)
	}
}

// GitLab expands $NAME and ${NAME} in an environment's url, cache keys and paths and
// artifact paths, with no escape: a "$" before a name there is an error at the text,
// while one before anything else, and "$" in scripts and variables (escaped), are fine.
func TestDollarInExpandedFields(t *testing.T) {
	p := plan(t, `pipeline "p" {
  on {
    push {}
  }
  environment "web" {
    url = "https://example.com/$HOME/a"
  }
  stage "s" {
    environment = "web"
    cache {
      key   = "k$X"
      paths = ["cache$dir", "price$", "a$-b"]
    }
    step "e" {
      run = "echo \"$HOME\""
      env = { E = "a$b" }
    }
    artifact "out" {
      paths = ["out/$CI_JOB_ID/app", "b$$c"]
    }
  }
}`)
	out, ds := Target{}.Emit(p)
	var got []string
	for _, d := range ds.Compact() {
		got = append(got, d.Subject.String()+" "+d.Severity.String()+" "+d.Code)
	}
	want := "p.hcl:6:11 error unsupported-character,p.hcl:11:15 error unsupported-character,p.hcl:12:16 error unsupported-character," +
		"p.hcl:19:16 error unsupported-character,p.hcl:19:38 error unsupported-character"
	if out != nil || strings.Join(got, ",") != want {
		t.Errorf("got  %s (output %t)\nwant %s", strings.Join(got, ","), out != nil, want)
	}
}

// The Google Cloud credential file a job writes is the configuration the SDKs read, with
// the job's token file in it, whatever the names hold: the configuration is printf's
// format there, so a % in a name must come out as itself. On a runner that may be
// Windows the file holds the token file's path as cygpath -m gives it (Windows programs
// read it, and bash's /tmp/... is another file to them): a stub cygpath shows it does.
func TestGCPCredentialFile(t *testing.T) {
	t.Run("linux", func(t *testing.T) { testGCPCredentialFile(t, false) })
	t.Run("windows", func(t *testing.T) { testGCPCredentialFile(t, true) })
}

func testGCPCredentialFile(t *testing.T, windows bool) {
	id := &model.Identity{Name: "gcp", GCP: &model.GCPIdentity{
		WorkloadIdentityProvider: model.String{Value: `projects/1/locations/global/workloadIdentityPools/p%d/providers/"r"`},
		ServiceAccount:           model.String{Value: "deploy%s@proj.iam.gserviceaccount.com"},
	}}
	script := (&emitter{}).login(id, windows) + `cat "$GOOGLE_APPLICATION_CREDENTIALS"; printf '\n%s\n%s' "$pipec_token_file" "$(cat "$pipec_token_file")"`
	cmd := exec.Command("bash", "-c", script)
	cmd.Env = append(os.Environ(), tokenVar(id)+"=the-token")
	// The stub's "Windows path" of P is DIR/C:P, the same file through a link to /.
	dir := t.TempDir()
	if err := os.Symlink("/", filepath.Join(dir, "C:")); err != nil {
		t.Fatal(err)
	}
	stub := "#!/bin/sh\n[ \"$1\" = -m ] || exit 2\nprintf '%s\\n' \"" + dir + "/C:$2\"\n"
	if err := os.WriteFile(filepath.Join(dir, "cygpath"), []byte(stub), 0o755); err != nil {
		t.Fatal(err)
	}
	cmd.Env = append(cmd.Env, "PATH="+dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%v running:\n%s", err, script)
	}
	lines := strings.Split(string(out), "\n")
	if len(lines) != 3 {
		t.Fatalf("got %q", out)
	}
	cfg, file, tok := lines[0], lines[1], lines[2]
	var got struct {
		Type, Audience                 string
		ServiceAccountImpersonationURL string                `json:"service_account_impersonation_url"`
		CredentialSource               struct{ File string } `json:"credential_source"`
	}
	if err := json.Unmarshal([]byte(cfg), &got); err != nil {
		t.Fatalf("%v in %s", err, cfg)
	}
	if got.Type != "external_account" || got.Audience != "//iam.googleapis.com/"+id.GCP.WorkloadIdentityProvider.Value ||
		!strings.Contains(got.ServiceAccountImpersonationURL, "/serviceAccounts/deploy%s@proj.iam.gserviceaccount.com:") ||
		got.CredentialSource.File != file || tok != "the-token" {
		t.Errorf("credential file %s, token file %s holding %q", cfg, file, tok)
	}
	if native := strings.HasPrefix(file, dir+"/C:"); native != windows {
		t.Errorf("windows %v: token file %s", windows, file)
	}
}

// An sh step runs in sh -e, as on the other targets: not inline in the job's bash, whose
// -o pipefail would fail the step at a pipe sh lets pass (and whose bashisms sh lacks).
func TestShStepRunsInSh(t *testing.T) {
	script := jobScripts(t, `pipeline "p" {
  on {
    push {}
  }
  stage "s" {
    step "posix" {
      shell = "sh"
      run   = "false | cat\necho \"sh: $${BASH_VERSION:-none}\""
    }
  }
}`, "s")[0]
	// GitLab's runner runs the job's script in bash with -e and -o pipefail.
	got, err := exec.Command("bash", "-e", "-o", "pipefail", "-c", script).CombinedOutput()
	if err != nil || !strings.Contains(string(got), "sh: none") {
		t.Errorf("got %q (%v) from:\n%s", got, err, script)
	}
}

// A stage output reaches the next job as written although GitLab's dotenv report strips
// the blanks around a value and expands $NAME in it: the report holds nothing GitLab
// would change, and the reading job decodes it. The test plays GitLab's part: the
// producer's script writes the report, GitLab strips each value, and the consumer's
// script reads it.
func TestOutputsSurviveTheDotenvReport(t *testing.T) {
	const value = ` a $HOME ${X} "q" 'r' ` + "`c`" + ` #h 50% %24 %25	tab é `
	scripts := jobScripts(t, `pipeline "p" {
  on {
    push {}
  }
  stage "a" {
    outputs = ["v"]
    step "w" {
      run = "printf 'v=%s\\n' \"$VALUE\" >> \"$PIPEC_OUTPUT\""
    }
  }
  stage "b" {
    needs = ["a"]
    step "r" {
      run = "printf '[%s]' \"${stage.a.outputs.v}\""
    }
  }
}`, "a", "b")
	dir := t.TempDir()
	write := exec.Command("bash", "-e", "-o", "pipefail", "-c", scripts[0])
	write.Dir = dir
	write.Env = append(os.Environ(), "VALUE="+value, "PIPEC_OUTPUT="+dir+"/.pipec/a/output")
	if b, err := write.CombinedOutput(); err != nil {
		t.Fatalf("%v: %s", err, b)
	}
	report, err := os.ReadFile(dir + "/.pipec/a/outputs.env")
	if err != nil {
		t.Fatal(err)
	}
	k, v, _ := strings.Cut(strings.TrimSuffix(string(report), "\n"), "=")
	if strings.ContainsAny(v, "$ \t\"'`#") {
		t.Errorf("the report holds %q, which GitLab would change", v)
	}
	read := exec.Command("bash", "-e", "-o", "pipefail", "-c", scripts[1])
	read.Dir = dir
	read.Env = append(os.Environ(), k+"="+strings.TrimSpace(v))
	got, err := read.CombinedOutput()
	if err != nil || string(got) != "["+value+"]" {
		t.Errorf("got %q (%v), want %q", got, err, "["+value+"]")
	}
}

// A service starts before the job's script could decode a stage output: its env reads
// the encoded value, and a warning says so.
func TestServiceEnvReadsEncodedOutput(t *testing.T) {
	p := plan(t, `pipeline "p" {
  on {
    push {}
  }
  stage "a" {
    outputs = ["v"]
    step "w" { run = "true" }
  }
  stage "b" {
    needs = ["a"]
    service "db" {
      image = "postgres:16"
      env   = { POSTGRES_PASSWORD = "${stage.a.outputs.v}" }
    }
    step "r" { run = "true" }
  }
}`)
	_, ds := Target{}.Emit(p)
	if len(ds) != 1 || ds[0].Code != "encoded-output" || ds[0].Subject.String() != "p.hcl:13:40" {
		t.Errorf("got %v", ds)
	}
}

// A pwsh step runs as GitHub and Azure run one: its file stops at the first failing
// cmdlet and exits with its last native command's status. A stand-in pwsh prints the
// file it was given.
func TestPwshStepStopsOnErrors(t *testing.T) {
	script := jobScripts(t, `pipeline "p" {
  on {
    push {}
  }
  stage "s" {
    step "ps" {
      shell = "pwsh"
      run   = "Get-Item missing\nWrite-Output after"
    }
  }
}`, "s")[0]
	bin := t.TempDir()
	if err := os.WriteFile(bin+"/pwsh", []byte("#!/bin/sh\nfor a; do f=$a; done\ncat \"$f\"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("bash", "-e", "-o", "pipefail", "-c", script)
	cmd.Env = append(os.Environ(), "PATH="+bin+":"+os.Getenv("PATH"))
	got, err := cmd.CombinedOutput()
	want := "$ErrorActionPreference = 'stop'\nGet-Item missing\nWrite-Output after\nif ((Test-Path -LiteralPath variable:\\LASTEXITCODE)) { exit $LASTEXITCODE }\n"
	if err != nil || string(got) != want {
		t.Errorf("pwsh got %q (%v), want %q", got, err, want)
	}
}

// jobScripts emits src for GitLab and returns each named job's script, its items joined
// by newlines as the runner runs them.
func jobScripts(t *testing.T, src string, jobs ...string) []string {
	t.Helper()
	out, ds := Target{}.Emit(plan(t, src))
	if ds.HasErrors() {
		t.Fatal(ds[0])
	}
	var doc map[string]any
	if err := yaml.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	var scripts []string
	for _, name := range jobs {
		job, _ := doc[name].(map[string]any)
		items, _ := job["script"].([]any)
		if len(items) == 0 {
			t.Fatalf("job %s has no script in:\n%s", name, out)
		}
		var lines []string
		for _, it := range items {
			lines = append(lines, it.(string))
		}
		scripts = append(scripts, strings.Join(lines, "\n"))
	}
	return scripts
}

// A matrix deployment rolls back each cell that failed, with that cell's values: one
// rollback job per cell, needing that cell alone and existing when the cell does. A single
// rollback job had no matrix values, and ran when any cell failed.
func TestMatrixRollbackIsOneJobPerCell(t *testing.T) {
	out, ds := Target{}.Emit(plan(t, `pipeline "p" {
  on {
    push {}
  }
  environment "prod" {}
  stage "deploy" {
    environment = "prod"
    when        = matrix.region != "ap"
    matrix {
      axes = { region = ["eu", "us", "ap"] }
    }
    step "d" { run = "./deploy ${matrix.region}" }
    rollback {
      step "r" { run = "./undo ${matrix.region}" }
    }
  }
}`))
	if ds.HasErrors() {
		t.Fatal(ds[0])
	}
	var doc map[string]*struct {
		Needs []struct {
			Job      string `yaml:"job"`
			Parallel struct {
				Matrix []map[string]string `yaml:"matrix"`
			} `yaml:"parallel"`
		} `yaml:"needs"`
		Rules []struct {
			If   string `yaml:"if"`
			When string `yaml:"when"`
		} `yaml:"rules"`
		Variables map[string]string `yaml:"variables"`
		Parallel  any               `yaml:"parallel"`
	}
	var raw map[string]any
	if err := yaml.Unmarshal(out, &raw); err != nil {
		t.Fatal(err)
	}
	delete(raw, "stages")
	delete(raw, "workflow")
	b, _ := yaml.Marshal(raw)
	if err := yaml.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if _, ok := doc["deploy-rollback"]; ok {
		t.Errorf("one rollback job for every cell:\n%s", out)
	}
	// The condition chooses the cells parallel:matrix lists; the cell it leaves out
	// has no rollback job either: GitLab refuses a need of a job that does not exist.
	if _, ok := doc["deploy-rollback: [ap]"]; ok {
		t.Errorf("no rollback job for cell ap, which never runs:\n%s", out)
	}
	if m, _ := raw["deploy"].(map[string]any)["parallel"].(map[string]any)["matrix"].([]any); len(m) != 2 {
		t.Errorf("the deploy job should list the cells eu and us:\n%s", out)
	}
	for _, region := range []string{"eu", "us"} {
		rb, ok := doc["deploy-rollback: ["+region+"]"]
		if !ok {
			t.Fatalf("no rollback job for cell %s:\n%s", region, out)
		}
		if len(rb.Needs) != 1 || rb.Needs[0].Job != "deploy" || len(rb.Needs[0].Parallel.Matrix) != 1 || rb.Needs[0].Parallel.Matrix[0]["PIPEC_MATRIX_REGION"] != region {
			t.Errorf("cell %s's rollback should need that cell alone:\n%s", region, out)
		}
		if rb.Variables["PIPEC_MATRIX_REGION"] != region || rb.Parallel != nil {
			t.Errorf("cell %s's rollback should set the cell's values:\n%s", region, out)
		}
		if len(rb.Rules) != 1 || rb.Rules[0].When != "on_failure" || rb.Rules[0].If != "" {
			t.Errorf("cell %s's rollback should run when its cell fails:\n%s", region, out)
		}
	}
}

// GitLab refuses a parallel:matrix of more than 200 jobs whether it is written as a
// product of axes or cell by cell.
func TestMatrixOverGitLabsLimit(t *testing.T) {
	for _, extra := range []string{"", `exclude = [{ c = "1" }]`} {
		p := plan(t, `pipeline "p" {
  on {
    push {}
  }
  stage "test" {
    matrix {
      axes = {
        a = ["1", "2", "3", "4", "5", "6", "7"]
        b = ["1", "2", "3", "4", "5", "6", "7"]
        c = ["1", "2", "3", "4", "5", "6"]
      }
      `+extra+`
    }
    step "s" { run = "echo ${matrix.a}" }
  }
}`)
		_, ds := Target{}.Emit(p)
		if len(ds) != 1 || ds[0].Code != "matrix-too-large" || !ds.HasErrors() {
			t.Errorf("%q: got %v, want one matrix-too-large error", extra, ds)
		}
	}
}

// Each batch of a rolling deploy is a GitLab job, and GitLab refuses a job that needs
// more than 50 others: the stage after 51 batches cannot be written, after 50 it can.
func TestTooManyNeeds(t *testing.T) {
	for batches, want := range map[int]string{50: "", 51: `p.hcl:13:9 GitLab job "after" needs 51 jobs`} {
		p := plan(t, fmt.Sprintf(`pipeline "p" {
  on {
    push {}
  }
  environment "prod" {}
  stage "deploy" {
    environment = "prod"
    strategy "rolling" {
      batches = %d
    }
    step "s" { run = "echo ${deploy.batch}" }
  }
  stage "after" {
    needs = ["deploy"]
    step "s" { run = "echo done" }
  }
}`, batches))
		_, ds := Target{}.Emit(p)
		if got := findings(ds, "too-many-needs"); got != want {
			t.Errorf("%d batches: got %q, want %q", batches, got, want)
		}
	}
}

// findings is each diagnostic of code in ds as "position summary", one per line.
func findings(ds diag.Diagnostics, code string) string {
	var got []string
	for _, d := range ds {
		if d.Code == code {
			got = append(got, d.Subject.String()+" "+d.Summary)
		}
	}
	return strings.Join(got, "\n")
}

// GitLab expands a need of a parallel:matrix job to every cell before it counts a job's
// needs, so a stage after a matrix of 51 cells cannot be written either (GitLab: "one job
// can only need 50 others"), and one after 50 cells can.
func TestTooManyNeedsMatrixCells(t *testing.T) {
	for cells, want := range map[int]string{50: "", 51: `p.hcl:12:9 GitLab job "after" needs 51 jobs`} {
		vals := make([]string, cells)
		for i := range vals {
			vals[i] = fmt.Sprintf("%q", fmt.Sprint(i))
		}
		p := plan(t, fmt.Sprintf(`pipeline "p" {
  on {
    push {}
  }
  stage "build" {
    matrix {
      axes = { n = [%s] }
    }
    step "s" { run = "echo ${matrix.n}" }
  }

  stage "after" {
    needs = ["build"]
    step "s" { run = "echo done" }
  }
}`, strings.Join(vals, ", ")))
		_, ds := Target{}.Emit(p)
		if got := findings(ds, "too-many-needs"); got != want {
			t.Errorf("%d cells: got %q, want %q", cells, got, want)
		}
	}
}

// GitLab refuses a cache key with "/" or one that is "." or "..", also URL-encoded; the
// key is the spec's, so that is an error at it rather than a file GitLab refuses.
func TestCacheKeyGitLabRefuses(t *testing.T) {
	for key, bad := range map[string]bool{"npm/v2": true, "npm%2fv2": true, ".": true, "%2E%2e": true, "npm-v2": false, "50%": false, "...": false} {
		p := plan(t, `pipeline "p" {
  on {
    push {}
  }
  environment "prod" {}
  stage "deploy" {
    environment = "prod"
    strategy "canary" {
      increments = [10, 50]
    }
    cache {
      key   = "`+key+`"
      paths = ["node_modules"]
    }
    step "s" { run = "echo hi" }
  }
}`)
		got := positionsAndCodes(p)
		want := ""
		if bad {
			want = "p.hcl:12:15 unsupported-character"
		}
		if got != want {
			t.Errorf("key %q: got %q, want %q", key, got, want)
		}
	}
}

// GitLab refuses a job timeout over a month (Rails' month: 2629746 seconds); the longest
// timeout under it is still written.
func TestTimeoutOverAMonth(t *testing.T) {
	for timeout, bad := range map[string]bool{"30d": false, "30d10h": false, "30d11h": true, "5w": true} {
		p := plan(t, `pipeline "p" {
  on {
    push {}
  }
  stage "soak" {
    runner  = ["self-hosted", "soak"]
    timeout = "`+timeout+`"
    step "s" { run = "echo hi" }
  }
}`)
		got := positionsAndCodes(p)
		want := ""
		if bad {
			want = "p.hcl:7:15 timeout-too-long"
		}
		if got != want {
			t.Errorf("timeout %s: got %q, want %q", timeout, got, want)
		}
	}
}

// GitLab refuses an input of more than 50 options: the 51st is an error.
func TestInputOptionsOverGitLabsLimit(t *testing.T) {
	for n, want := range map[int]string{50: "", 51: "p.hcl:6:"} {
		var opts []string
		for i := 0; i < n; i++ {
			opts = append(opts, fmt.Sprintf("%q", fmt.Sprint("o", i)))
		}
		p := plan(t, `pipeline "p" {
  on {
    manual {
      input "region" {
        type    = "choice"
        options = [`+strings.Join(opts, ", ")+`]
      }
    }
  }
  stage "s" {
    step "s" { run = "echo ${input.region}" }
  }
}`)
		_, ds := Target{}.Emit(p)
		var got string
		for _, d := range ds {
			if d.Code == "too-many-options" {
				got += d.Subject.String()
			}
		}
		if !strings.HasPrefix(got, want) || (want == "") != (got == "") {
			t.Errorf("%d options: got %q, want %q...", n, got, want)
		}
	}
}

// positionsAndCodes emits the plan for GitLab and lists its diagnostics as "FILE:LINE:COL
// code", comma-separated.
func positionsAndCodes(p *compile.Plan) string {
	_, ds := Target{}.Emit(p)
	var got []string
	for _, d := range ds {
		got = append(got, d.Subject.String()+" "+d.Code)
	}
	return strings.Join(got, ",")
}

// A rule compares a variable with a string literal that has no escapes: a comparison of
// two references, or with text holding both kinds of quote, is decided by the job in its
// script (it ends early, and the jobs after it with it), not refused.
func TestConditionsRulesCannotSayAreDecidedByTheJob(t *testing.T) {
	src := `pipeline "p" {
  on {
    push {}
    manual {
      input "want" { default = "main" }
    }
  }
  stage "a" {
    when = ci.branch == input.want && ci.event == "push"
    step "s" { run = "x" }
  }
  stage "b" {
    when = ci.actor != "it's \"x\""
    step "s" { run = "x" }
  }
}`
	out, ds := Target{}.Emit(plan(t, src))
	if ds.HasErrors() {
		t.Fatal(ds[0])
	}
	// The job's own rule keeps what a rule can say; its script tests the rest.
	for _, want := range []string{
		"a:\n  stage: a\n  rules:\n    - if: $CI_PIPELINE_SOURCE == \"push\"\n",
		`if ! [ "${CI_MERGE_REQUEST_SOURCE_BRANCH_NAME:-${CI_COMMIT_BRANCH:-}}" = "${PIPEC_INPUT_WANT:-}" ]; then`,
		`if ! [ "${GITLAB_USER_LOGIN:-}" != "it's \"x\"" ]; then`,
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("output lacks %s:\n%s", want, out)
		}
	}
}

// GitLab replaces "$[[ ... ]]" everywhere in a file with inputs, not only in scripts
// and variables: a matrix value, an environment's url, a cache key, key file or path,
// and an artifact path holding one are errors at their place too.
func TestInputInterpolationOutsideScripts(t *testing.T) {
	p := plan(t, `pipeline "p" {
  on {
    push {}
    manual {
      input "x" { default = "v" }
    }
  }
  environment "prod" {
    url = "https://e.com/$[[inputs.x]]"
  }
  stage "s" {
    environment = "prod"
    matrix {
      axes    = { v = ["$[[ inputs.x ]]", "b"] }
      include = [{ v = "c", w = "$[[ inputs.x ]]" }]
    }
    cache {
      key       = "k$[[ inputs.x ]]"
      key_files = ["f$[[ inputs.x ]]"]
      paths     = ["p$[[ inputs.x ]]"]
    }
    artifact "o" {
      paths = ["a$[[ inputs.x ]]"]
    }
    step "e" { run = "echo" }
  }
}`)
	want := "p.hcl:9:11 unsupported-character,p.hcl:14:24 unsupported-character,p.hcl:15:33 unsupported-character," +
		"p.hcl:18:19 unsupported-character,p.hcl:19:20 unsupported-character,p.hcl:20:20 unsupported-character," +
		"p.hcl:23:16 unsupported-character"
	if got := positionsAndCodes(p); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// GitLab names a matrix job's cells "JOB: [V1, V2]" and refuses the pipeline when a name
// has more than 255 characters: a matrix whose cell (or a cell's rollback job) would get
// a longer name is an error at the matrix, once.
func TestMatrixCellNameLength(t *testing.T) {
	spec := func(value string, rollback bool) string {
		rb := ""
		if rollback {
			rb = "\n    environment = \"prod\"\n    rollback {\n      step \"r\" { run = \"undo\" }\n    }"
		}
		return `pipeline "p" {
  on {
    push {}
  }
  environment "prod" {}
  stage "d" {
    matrix {
      axes = { v = ["` + value + `", "b"], w = ["é"] }
    }` + rb + `
    step "e" { run = "echo" }
  }
}`
	}
	fits := strings.Repeat("x", 247) // "d: [" + 247 + ", é]" is 255 characters (é is one)
	for _, c := range []struct {
		value    string
		rollback bool
		want     string
	}{
		{fits, false, ""},
		{fits + "x", false, "p.hcl:7:5 job-name-too-long"},
		{fits + "$", false, "p.hcl:7:5 job-name-too-long"}, // written "$$"
		{fits, true, "p.hcl:7:5 job-name-too-long"},        // "d-rollback: [...]"
		{fits + "xx", true, "p.hcl:7:5 job-name-too-long"},
	} {
		if got := positionsAndCodes(plan(t, spec(c.value, c.rollback))); got != c.want {
			t.Errorf("value of %d characters, rollback %t: got %q, want %q", len(c.value), c.rollback, got, c.want)
		}
	}
}

// A matrix's cells keep caches of their own: the key names each cell's values through
// the job's variables, or, for values a key cannot hold, the cell's position, which a
// rollback job of one cell (outside parallel:matrix) writes out.
func TestMatrixCacheKeyPerCell(t *testing.T) {
	for _, c := range []struct {
		regions string
		want    []string
	}{
		{`["eu", "us"]`, []string{"dep-${PIPEC_MATRIX_REGION}", "dep-${PIPEC_MATRIX_REGION}", "dep-${PIPEC_MATRIX_REGION}"}},
		{`["eu/1", "us 2"]`, []string{"dep-${CI_NODE_INDEX}", "dep-1", "dep-2"}},
	} {
		out, ds := Target{}.Emit(plan(t, `pipeline "p" {
  on {
    push {}
  }
  stage "dep" {
    matrix {
      axes = { region = `+c.regions+` }
    }
    cache {
      paths = ["out"]
    }
    step "d" { run = "./deploy" }
    rollback {
      step "r" { run = "./undo" }
    }
  }
}`))
		if ds.HasErrors() {
			t.Fatal(ds[0])
		}
		var got []string
		for _, m := range regexp.MustCompile(`(?m)^    key: (.*)$`).FindAllStringSubmatch(string(out), -1) {
			got = append(got, m[1])
		}
		if fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("regions %s: keys %q, want %q", c.regions, got, c.want)
		}
	}
}

// GitLab keeps all the artifacts of a job for one expire_in: the longest, or the
// instance's default when one artifact sets none (rather than cutting that one's
// retention to another's expire_in). Each expire_in not applied is a warning.
func TestArtifactsShareOneRetention(t *testing.T) {
	for _, c := range []struct {
		second, want, diags string
	}{
		{`expire_in = "3d"`, "expire_in: 3 days", "p.hcl:8:19 artifact-retention"},
		{`expire_in = "1d"`, "expire_in: 1 day", ""},
		{``, "", "p.hcl:8:19 artifact-retention"},
	} {
		p := plan(t, `pipeline "p" {
  on {
    push {}
  }
  stage "build" {
    artifact "big" {
      paths     = ["dist/"]
      expire_in = "1d"
    }
    artifact "small" {
      paths = ["sbom.json"]
      `+c.second+`
    }
    step "s" { run = "make" }
  }
}`)
		out, _ := Target{}.Emit(p)
		got := regexp.MustCompile(`expire_in: .*`).FindString(string(out))
		if got != c.want {
			t.Errorf("second artifact %q: got %q, want %q", c.second, got, c.want)
		}
		if d := positionsAndCodes(p); d != c.diags {
			t.Errorf("second artifact %q: diagnostics %q, want %q", c.second, d, c.diags)
		}
	}
}

// Env that replaces a variable GitLab predefines (CI_*, GITLAB_*) runs unlike on the
// other targets: a warning at each, except the debug switches GitLab asks jobs to set.
func TestEnvReplacingPredefinedVariables(t *testing.T) {
	p := plan(t, `pipeline "p" {
  on {
    push {}
  }
  env = { CI_COMMIT_REF_NAME = "main", GITHUB_SHA = "x" }
  stage "s" {
    env = { CI_DEBUG_TRACE = "true", gitlab_user_login = "me" }
    step "x" {
      run = "x"
      env = { CI = "1" }
    }
  }
}`)
	out, ds := Target{}.Emit(p)
	if out == nil {
		t.Fatal("no output for warnings only")
	}
	var got []string
	for _, d := range ds {
		got = append(got, d.Subject.String()+" "+d.Severity.String()+" "+d.Code)
	}
	want := "p.hcl:5:11 warning reserved-name,p.hcl:7:38 warning reserved-name,p.hcl:10:15 warning reserved-name"
	if strings.Join(got, ",") != want {
		t.Errorf("got  %s\nwant %s", strings.Join(got, ","), want)
	}
}

// A pull request's ref (GitHub's refs/pull/..., GitLab's refs/merge-requests/...) has no
// GitLab variable: the error says what tests a pull request on every target.
func TestPullRequestRefPointsAtEvent(t *testing.T) {
	p := plan(t, `pipeline "p" {
  on {
    push {}
    pull_request {}
  }
  stage "a" {
    when = startswith(ci.ref, "refs/pull/") || matches(ci.ref, "refs/merge-requests/*/head") || ci.ref == "refs/pull"
    step "x" { run = "x" }
  }
  stage "b" {
    when = ci.ref == "refs/remotes/x"
    step "x" { run = "x" }
  }
}`)
	_, ds := Target{}.Emit(p)
	if len(ds) != 4 {
		t.Fatalf("got %d diagnostics, want 4: %v", len(ds), ds)
	}
	for i, d := range ds {
		hint := strings.Contains(d.Detail, `write ci.event == "pull_request"`)
		if d.Code != "unsupported-condition" || hint != (i < 3) {
			t.Errorf("%s %s: %q", d.Subject, d.Code, d.Detail)
		}
	}
}

// The approval gate of a rolling deploy runs only an echo: it never ends early, and
// nothing writes a PIPEC_SKIPPED_ variable for it. The first batch tests the stage's
// condition itself.
func TestRollingGateIsNeverSkipped(t *testing.T) {
	p := plan(t, `pipeline "p" {
  on {
    push {}
  }
  environment "production" {
    approval = true
  }
  stage "build" {
    outputs = ["ok"]
    step "s" { run = "x" }
  }
  stage "fleet" {
    needs       = ["build"]
    environment = "production"
    when        = stage.build.outputs.ok == "yes"
    strategy "rolling" {
      batches = 2
    }
    step "roll" { run = "./roll.sh" }
  }
}`)
	out, ds := Target{}.Emit(p)
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	if strings.Contains(string(out), "PIPEC_SKIPPED_FLEET_APPROVAL") {
		t.Errorf("a batch tests the gate's skip variable, which nothing writes:\n%s", out)
	}
	if !strings.Contains(string(out), `! [ "${PIPEC_STAGE_BUILD_OUTPUTS_OK:-}" = "yes" ]`) {
		t.Errorf("the first batch does not test the stage's condition:\n%s", out)
	}
}

// A deploy job's retries re-run the stage's own steps in the script, as GitHub counts
// tries (each step up to `retries` more times), and its verify steps once; GitLab re-runs
// the whole job, verify included, only for a failure of the runner, not of the script.
func TestDeployRetriesItsOwnStepsNotVerify(t *testing.T) {
	out, ds := Target{}.Emit(plan(t, `pipeline "p" {
  on {
    push {}
  }
  environment "shop" {}
  stage "release" {
    environment = "shop"
    retries     = 3
    step "deploy" {
      run = "n=$(cat tries 2>/dev/null || echo 0); n=$((n+1)); echo $n > tries; [ $n -ge 3 ]"
    }
    verify {
      step "smoke" { run = "echo v >> verifies" }
    }
  }
  stage "plain" {
    retries = 1
    step "s" { run = "true" }
  }
}`))
	if ds.HasErrors() {
		t.Fatal(ds[0])
	}
	type job struct {
		Retry  any      `yaml:"retry"`
		Script []string `yaml:"script"`
	}
	var raw map[string]any
	if err := yaml.Unmarshal(out, &raw); err != nil {
		t.Fatal(err)
	}
	doc := map[string]job{}
	for _, name := range []string{"release", "plain"} {
		b, _ := yaml.Marshal(raw[name])
		var j job
		if err := yaml.Unmarshal(b, &j); err != nil {
			t.Fatal(err)
		}
		doc[name] = j
	}
	rel := doc["release"]
	if got := fmt.Sprint(rel.Retry); !strings.Contains(got, "max:2") || !strings.Contains(got, "runner_system_failure") || strings.Contains(got, "script_failure") {
		t.Errorf("release: want retry max 2 on runner failures only, got %s", got)
	}
	if got := fmt.Sprint(doc["plain"].Retry); got != "1" {
		t.Errorf("a stage without verify steps keeps GitLab's job retry: got %s", got)
	}
	dir := t.TempDir()
	for _, item := range rel.Script {
		cmd := exec.Command("bash", "-eo", "pipefail", "-c", item)
		cmd.Dir = dir
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("script item failed: %v\n%s\n%s", err, item, b)
		}
	}
	for file, want := range map[string]string{"tries": "3\n", "verifies": "v\n"} {
		if b, _ := os.ReadFile(filepath.Join(dir, file)); string(b) != want {
			t.Errorf("%s: got %q, want %q", file, b, want)
		}
	}
}

// GitLab's hosted Windows and macOS runners run jobs in virtual machines, not with the
// Docker executor: an image there is an error (a macOS job's image may name one of
// GitLab's macOS VM images), and so are services, which would never start. A matrix
// stage is reported once; a self-hosted runner's label list keeps both.
func TestHostedVMRunnersRefuseContainers(t *testing.T) {
	_, ds := Target{}.Emit(plan(t, `pipeline "p" {
  on {
    push {}
  }
  stage "win" {
    runner = "windows"
    image  = "mcr.microsoft.com/dotnet/sdk:8.0"
    matrix {
      axes = { cfg = ["debug", "release"] }
    }
    step "s" {
      shell = "pwsh"
      run   = "dotnet build"
    }
  }
  stage "mac" {
    runner = "macos"
    image  = "node:20"
    service "mock" {
      image = "wiremock/wiremock:3.9.1"
    }
    step "s" {
      run = "npm test"
    }
  }
  stage "xcode" {
    runner = "macos"
    image  = "macos-15-xcode-16"
    step "s" {
      run = "xcodebuild test"
    }
  }
  stage "own" {
    runner = ["windows", "docker"]
    image  = "mcr.microsoft.com/dotnet/sdk:8.0"
    service "db" {
      image = "mcr.microsoft.com/mssql/server:2022-latest"
    }
    step "s" {
      shell = "pwsh"
      run   = "dotnet test"
    }
  }
}`))
	want := `p.hcl:7:14 stage "win" runs in an image on GitLab's hosted Windows runner
p.hcl:18:14 stage "mac" runs in an image on GitLab's hosted macOS runner`
	if got := findings(ds, "container-needs-linux"); got != want {
		t.Errorf("container-needs-linux:\n%s\nwant:\n%s", got, want)
	}
	want = `p.hcl:19:5 stage "mac" has services on GitLab's hosted macOS runner`
	if got := findings(ds, "services-need-linux"); got != want {
		t.Errorf("services-need-linux:\n%s\nwant:\n%s", got, want)
	}
}
