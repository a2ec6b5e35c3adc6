package github_test

import (
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
	"github.com/pipec-dev/pipec/compile"
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
		"PIPEC_INPUT_WHO: ${{ inputs.who }}",
		"PIPEC_SECRET_TOK: ${{ secrets.TOK }}",
		"echo $env:PIPEC_STAGE_A_OUTPUTS_V",
		"PIPEC_STAGE_A_OUTPUTS_V: ${{ needs.a.outputs.v }}",
		`echo "PIPEC_CI_SHORT_SHA=${GITHUB_SHA::8}" >> "$GITHUB_ENV"`,
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
	want := `if: ${{ (github.event_name == 'workflow_dispatch' || startsWith((github.head_ref || (github.ref_type == 'branch' && github.ref_name || '')), 'release/')) && !inputs.force && startsWith(github.ref, 'refs/tags/') && startsWith((github.ref_type == 'tag' && github.ref_name || ''), 'v') && github.actor != 'bot' }}`
	if !strings.Contains(out, want) {
		t.Errorf("want %s in\n%s", want, out)
	}
	if codes != "" {
		t.Errorf("unexpected diagnostics %s", codes)
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
