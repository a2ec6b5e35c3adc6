package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/lint"
	"github.com/pipec-dev/pipec/targets/all"
)

// lintSpecSrc has one error finding (a deployment reachable from pull requests) on line 12
// and one warning (an unused secret) on line 9.
const lintSpecSrc = `pipeline "p" {
  on {
    push {
      branches = ["main"]
    }
    pull_request {}
  }
  defaults { timeout = "10m" }
  secret "old" {}
  environment "staging" {}
  stage "deploy" {
    environment = "staging"
    image       = "debian:12-slim@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
    step "s" { run = "./deploy.sh" }
  }
}
`

func codes(t *testing.T, out string) []string {
	t.Helper()
	var ds []struct {
		Code string
		Line int
	}
	if err := json.Unmarshal([]byte(out), &ds); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	var cs []string
	for _, d := range ds {
		cs = append(cs, d.Code)
	}
	return cs
}

func TestLintFindingsAndExitCodes(t *testing.T) {
	spec := writeSpec(t, "pipeline.hcl", lintSpecSrc)
	r := pipec(t, "lint", spec, "--target", "github")
	if r.code != exitSpec || !strings.Contains(r.stdout, "pipeline.hcl:12:19: error: stage \"deploy\" deploys to \"staging\" and can run for pull requests, and \"staging\" also takes deployments from other runs (push): a preview is safe only in an environment that pull-request runs alone deploy to [deploy-from-pull-request]") ||
		!strings.Contains(r.stdout, "pipeline.hcl:9:10: warning: secret \"old\" is never referenced [unused-secret]") {
		t.Errorf("want exit 1 and both findings:\n%s", r)
	}
	// The warning alone does not fail the default gate; --fail-on warning makes it.
	fixed := strings.Replace(lintSpecSrc, `environment "staging" {}`, `environment "staging" { branches = ["main"] }`, 1)
	spec = writeSpec(t, "pipeline.hcl", fixed)
	if r := pipec(t, "lint", spec, "--target", "github"); r.code != exitOK {
		t.Errorf("warnings only: want exit 0\n%s", r)
	}
	if r := pipec(t, "lint", spec, "--target", "github", "--fail-on", "warning"); r.code != exitSpec {
		t.Errorf("--fail-on warning: want exit 1\n%s", r)
	}
	for _, args := range [][]string{{"--format", "yaml"}, {"--fail-on", "fatal"}, {"--target", "gitlub"}} {
		if r := pipec(t, append([]string{"lint", spec}, args...)...); r.code != exitUsage {
			t.Errorf("%v: want exit 2\n%s", args, r)
		}
	}
	if r := pipec(t, "lint", filepath.Join(t.TempDir(), "missing.hcl")); r.code != exitUsage {
		t.Errorf("missing file: want exit 2\n%s", r)
	}
	// A spec that does not compile reports its errors as findings.
	broken := writeSpec(t, "pipeline.hcl", `pipeline "p" {
  stage "a" {
    needs = ["b"]
    step "s" { run = "x" }
  }
}
`)
	if r := pipec(t, "lint", broken); r.code != exitSpec || !strings.Contains(r.stdout, "[unknown-need]") {
		t.Errorf("broken spec: want exit 1 with its compile error\n%s", r)
	}
}

func TestLintFormats(t *testing.T) {
	spec := writeSpec(t, "pipeline.hcl", lintSpecSrc)
	r := pipec(t, "lint", spec, "--target", "github", "--format", "json")
	if got := strings.Join(codes(t, r.stdout), ","); got != "unused-secret,deploy-from-pull-request" {
		t.Errorf("json codes %s\n%s", got, r)
	}
	r = pipec(t, "lint", spec, "--target", "github", "--format", "github")
	if !strings.Contains(r.stdout, "::error file="+spec+",line=12,col=19,") || !strings.Contains(r.stdout, "::warning file="+spec+",line=9,") {
		t.Errorf("github annotations:\n%s", r)
	}
	r = pipec(t, "lint", spec, "--target", "github", "--format", "gitlab")
	var issues []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &issues); err != nil || len(issues) != 2 || issues[1]["check_name"] != "deploy-from-pull-request" {
		t.Errorf("code quality report (%v):\n%s", err, r)
	}
	r = pipec(t, "lint", spec, "--target", "github", "--format", "sarif")
	var log struct {
		Version string
		Runs    []struct {
			Tool struct {
				Driver struct{ Rules []struct{ ID string } }
			}
			Results []struct{ RuleID string }
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &log); err != nil || log.Version != "2.1.0" || len(log.Runs[0].Results) != 2 || len(log.Runs[0].Tool.Driver.Rules) < 25 {
		t.Errorf("sarif (%v):\n%s", err, r)
	}
}

func TestLintSuppression(t *testing.T) {
	src := strings.Replace(lintSpecSrc, `  secret "old" {}`, `  # pipec:ignore[unused-secret] kept for the migration in #42
  secret "old" {}`, 1)
	src = strings.Replace(src, `    environment = "staging"`, `    environment = "staging" # pipec:ignore[deploy-from-pull-request]`, 1)
	src = strings.Replace(src, `  defaults { timeout = "10m" }`, `  defaults { timeout = "10m" } # pipec:ignore[unused-secrets] typo`, 1)
	spec := writeSpec(t, "pipeline.hcl", src)
	r := pipec(t, "lint", spec, "--target", "github", "--format", "json")
	if got := strings.Join(codes(t, r.stdout), ","); got != "unknown-rule,ignore-without-reason" {
		t.Errorf("codes %s, want the two ignore problems only\n%s", got, r)
	}
	if !strings.Contains(r.stdout, `did you mean \"unused-secret\"?`) {
		t.Errorf("unknown rule without did-you-mean:\n%s", r)
	}
}

func TestLintConfig(t *testing.T) {
	dir := t.TempDir()
	spec := filepath.Join(dir, "pipeline.hcl")
	if err := os.WriteFile(spec, []byte(lintSpecSrc), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(dir, "lint.hcl")
	write := func(s string) {
		if err := os.WriteFile(cfg, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(`lint {
  rule "unused-secret" {
    severity = "off"
  }
  paths "**/pipeline.hcl" {
    rule "deploy-from-pull-request" {
      severity = "warning"
    }
  }
}
`)
	r := pipec(t, "lint", spec, "--target", "github", "--config", cfg, "--format", "json")
	if r.code != exitOK || strings.Join(codes(t, r.stdout), ",") != "deploy-from-pull-request" || !strings.Contains(r.stdout, `"severity": "warning"`) {
		t.Errorf("config should drop unused-secret and make the deploy finding a warning:\n%s", r)
	}
	write(`lint {
  rule "unused-secrets" {
    severity = "off"
  }
}
`)
	if r := pipec(t, "lint", spec, "--config", cfg); r.code != exitUsage || !strings.Contains(r.stderr, `did you mean "unused-secret"?`) {
		t.Errorf("unknown rule in config: want exit 2 with did-you-mean\n%s", r)
	}
	if r := pipec(t, "lint", spec, "--config", filepath.Join(dir, "none.hcl")); r.code != exitUsage {
		t.Errorf("missing --config file: want exit 2\n%s", r)
	}
}

func TestExplain(t *testing.T) {
	r := pipec(t, "explain", "curl-pipe-shell")
	if r.code != exitOK || !strings.Contains(r.stdout, "curl-pipe-shell (security, warning)") || !strings.Contains(r.stdout, "| sudo bash") {
		t.Errorf("explain:\n%s", r)
	}
	if r := pipec(t, "explain", "curl-pipe-shel"); r.code != exitUsage || !strings.Contains(r.stderr, `did you mean "curl-pipe-shell"?`) {
		t.Errorf("unknown rule:\n%s", r)
	}
	if r := pipec(t, "explain", "--list"); r.code != exitOK || strings.Count(r.stdout, "\n") < 25 {
		t.Errorf("list:\n%s", r)
	} else {
		// Each column starts at the same place on every line, whatever the longest id.
		lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
		for _, l := range lines {
			for _, word := range []string{" security ", " correctness ", " portability "} {
				if i, j := strings.Index(l, word), strings.Index(lines[0], " security "); i >= 0 && i != j {
					t.Errorf("list: the category is at column %d, not %d as on the first line:\n%s", i, j, r.stdout)
				}
			}
		}
	}
}

// TestGenerateLintMatchesLint holds generate --lint to pipec lint's findings on every lint
// rule's cases and the golden cases: the same diagnostics, in the same order, with the
// same severities. Both go through lintResult; what differs is around it: generate's
// header and digest in the outputs actionlint reads, its sort, and that it keeps the
// outputs exactly when no finding is an error.
func TestGenerateLintMatchesLint(t *testing.T) {
	var specs []string
	for _, pat := range []string{"../../lint/testdata/*/*.hcl", "../../testdata/*/pipeline.hcl", "../../testdata/*/pipeline.cue"} {
		m, err := filepath.Glob(pat)
		if err != nil {
			t.Fatal(err)
		}
		specs = append(specs, m...)
	}
	if len(specs) < 60 {
		t.Fatalf("found only %d specs; the globs are wrong", len(specs))
	}
	cfg := &lintConfig{}
	compared := 0
	for _, spec := range specs {
		want := lintOne(spec, all.Targets, cfg)
		got := buildSpec(generateOptions{lint: true, lintCfg: cfg}, spec, all.Targets)
		if want.err != nil || got.err != nil {
			t.Errorf("%s: lint error %v, generate error %v", spec, want.err, got.err)
			continue
		}
		var w, g strings.Builder
		lint.Sort(want.ds)
		diag.WriteText(&w, want.ds, sourcesOf(want.files))
		// Where generate writes is generate's own concern: these specs lie below the
		// repository's root, so it warns that GitHub and CircleCI would not read them.
		var gds diag.Diagnostics
		for _, d := range got.ds {
			if d.Code != "output-location" {
				gds = append(gds, d)
			}
		}
		diag.WriteText(&g, gds, sourcesOf(got.files))
		if w.String() != g.String() {
			t.Errorf("%s: generate --lint differs from pipec lint\n--- lint:\n%s\n--- generate --lint:\n%s", spec, w.String(), g.String())
		}
		if got.ds.HasErrors() != (len(got.outs) == 0) {
			t.Errorf("%s: %d outputs with errors=%v: files must be kept exactly when there is no error", spec, len(got.outs), got.ds.HasErrors())
		}
		if len(want.ds) > 0 {
			compared++
		}
	}
	if compared < 40 {
		t.Errorf("only %d specs had findings to compare", compared)
	}
}

// A target's code, shown in a target-unsupported finding
// ("(circleci/timeout-unsupported; ignore as target-unsupported)"), is what a user may copy: where a
// rule id is expected (pipec:ignore, .pipec.hcl, pipec explain), pipec says which rule
// reports it instead of only "unknown rule".
func TestTargetCodeWhereRuleExpected(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	spec := strings.Replace(helloSpec, `run = "echo hello"`, "run = \"echo hello\"\n      # pipec:ignore[circleci/timeout-unsupported] no CircleCI here", 1)
	if spec == helloSpec {
		t.Fatal("helloSpec changed: put the ignore comment elsewhere")
	}
	writeFile(t, dir, "pipeline.hcl", spec)
	r := pipec(t, "lint")
	if want := "circleci/timeout-unsupported is the circleci target's code in a finding of rule target-unsupported: write pipec:ignore[target-unsupported]"; !strings.Contains(r.stdout, want) {
		t.Errorf("pipec:ignore: want %q, got %v", want, r)
	}
	writeFile(t, dir, ".pipec.hcl", "lint {\n  rule \"circleci/timeout-unsupported\" { severity = \"off\" }\n}\n")
	r = pipec(t, "lint")
	if want := `set rule "target-unsupported"`; r.code != exitUsage || !strings.Contains(r.stderr, want) {
		t.Errorf(".pipec.hcl: want exit 2 and %q, got %v", want, r)
	}
	r = pipec(t, "explain", "circleci/timeout-unsupported")
	if want := "reported by rule target-unsupported"; r.code != exitOK || !strings.Contains(r.stdout, want) || !strings.Contains(r.stdout, "target-unsupported (portability, warning)") {
		t.Errorf("explain: want exit 0, %q and the rule's text, got %v", want, r)
	}
	// A target's error is no finding of the rule, and no ignore hides it: explain says so
	// instead of calling every target code a warning.
	r = pipec(t, "explain", "gitlab/unsupported-condition")
	if want := "gitlab/unsupported-condition is an error of the gitlab target, which cannot write the spec as it is, and nothing hides or re-levels it"; r.code != exitOK || !strings.Contains(r.stdout, want) || strings.Contains(r.stdout, "target-unsupported (portability") {
		t.Errorf("explain of a target's error code: want exit 0 and %q, not the rule's text, got %v", want, r)
	}
	if r := pipec(t, "explain", "nosuch/code"); r.code != exitUsage {
		t.Errorf("explain of an unknown target's code: want exit 2, got %v", r)
	}
}

// A target's code that the target reports only as an error is no finding of rule
// target-unsupported: pipec:ignore and .pipec.hcl say nothing hides it and what to change,
// where they sent users to pipec:ignore[target-unsupported], which did nothing for it. A
// code reported both ways gets both answers.
func TestTargetErrorCodeWhereRuleExpected(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	spec := strings.Replace(helloSpec, `run = "echo hello"`, "run = \"echo hello\"\n      # pipec:ignore[gitlab/unsupported-condition] not on GitLab\n      # pipec:ignore[gitlab/reserved-name] both", 1)
	writeFile(t, dir, "pipeline.hcl", spec)
	r := pipec(t, "lint")
	errHint := "gitlab/unsupported-condition is an error of the gitlab target, which cannot write the spec as it is, and nothing hides or re-levels it: change the spec as the error says, or leave gitlab out with --target"
	if !strings.Contains(r.stdout, errHint) || strings.Contains(r.stdout, "gitlab/unsupported-condition is the gitlab target's code in a finding") {
		t.Errorf("pipec:ignore of an error code: want %q, got %v", errHint, r)
	}
	if want := "gitlab/reserved-name is, as a warning, the gitlab target's code in a finding of rule target-unsupported: write pipec:ignore[target-unsupported]; as an error, an error of the gitlab target"; !strings.Contains(r.stdout, want) {
		t.Errorf("pipec:ignore of a code reported both ways: want %q, got %v", want, r)
	}
	writeFile(t, dir, ".pipec.hcl", "lint {\n  rule \"gitlab/unsupported-condition\" { severity = \"off\" }\n}\n")
	r = pipec(t, "lint")
	if r.code != exitUsage || !strings.Contains(strings.Join(strings.Fields(r.stderr), " "), errHint) || strings.Contains(r.stderr, `set rule "target-unsupported"`) {
		t.Errorf(".pipec.hcl: want exit 2 and %q, got %v", errHint, r)
	}
}

// A spec that cannot be read makes lint exit 2, but the other specs' findings are
// printed all the same, in every format, as generate prints their diagnostics.
func TestLintUnreadableSpecKeepsOthersFindings(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	writeFile(t, dir, "bad/pipeline.hcl", strings.Replace(helloSpec, `stage "build" {`, "stage \"build\" {\n    needs = [\"nosuch\"]", 1))
	for _, format := range []string{"text", "json", "sarif"} {
		r := pipec(t, "lint", "-f", format, "bad/pipeline.hcl", "missing/pipeline.hcl")
		if r.code != exitUsage || !strings.Contains(r.stderr, "missing/pipeline.hcl") || !strings.Contains(r.stdout, "unknown-need") {
			t.Errorf("%s: want exit 2, the missing file named and bad's finding printed, got %v", format, r)
		}
	}
}

// A target-unsupported finding names one code in brackets, the rule's, and says that it
// is the one to suppress by, in every format: the target's code beside it, in brackets
// too, was copied into pipec:ignore, which takes rule ids only.
func TestTargetCodeSaysWhichToIgnore(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	writeFile(t, dir, "pipeline.hcl", strings.Replace(helloSpec, `stage "build" {`, "stage \"build\" {\n    timeout = \"10m\"", 1))
	for _, format := range []string{"text", "json", "sarif", "github", "gitlab"} {
		r := pipec(t, "lint", "--target", "circleci", "--format", format)
		if want := "(circleci/timeout-unsupported; ignore as target-unsupported)"; !strings.Contains(r.stdout, want) {
			t.Errorf("%s: want %q, got %v", format, want, r)
		}
		if strings.Contains(r.stdout, "[circleci/timeout-unsupported]") {
			t.Errorf("%s: the target's code is in brackets, as a rule id would be: %v", format, r)
		}
	}
	for _, code := range []string{"target-unsupported", "circleci/timeout-unsupported"} {
		if r := pipec(t, "explain", code); r.code != exitOK || !strings.Contains(r.stdout, "target-unsupported (portability, warning)") {
			t.Errorf("explain %s: want the rule's text, got %v", code, r)
		}
	}
}
