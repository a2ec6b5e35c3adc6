package gitlab

import (
	"regexp"
	"strings"
	"testing"

	"github.com/pipec-dev/pipec/targets"
)

// workflowCreates decides, as GitLab does, whether the workflow rules create a pipeline
// for the given predefined variables: the first rule whose `if` holds decides, and an
// unset variable matches a regular expression as "". It knows the terms refRules and
// workflow write (==, != null, =~, a bare variable) joined by &&.
func workflowCreates(t *testing.T, wf targets.Map, vars map[string]string) bool {
	t.Helper()
	term := regexp.MustCompile(`^\$(\w+)(?: (==|!=|=~) (null|"[^"]*"|/.*/))?$`)
	for _, r := range wf[0].Value.([]any) {
		rule := r.(targets.Map)
		holds := true
		when := ""
		for _, it := range rule {
			switch it.Key {
			case "if":
				for _, part := range strings.Split(it.Value.(string), " && ") {
					m := term.FindStringSubmatch(part)
					if m == nil {
						t.Fatalf("term %q of rule %q is not understood", part, it.Value)
					}
					v, set := vars[m[1]]
					switch {
					case m[2] == "":
						holds = holds && v != ""
					case m[3] == "null":
						holds = holds && set == (m[2] == "!=")
					case m[2] == "==":
						holds = holds && v == strings.Trim(m[3], `"`)
					case m[2] == "=~":
						re := strings.ReplaceAll(strings.Trim(m[3], "/"), `\/`, "/")
						holds = holds && regexp.MustCompile(re).MatchString(v)
					}
				}
			case "when":
				when = it.Value.(string)
			}
		}
		if holds {
			return when != "never"
		}
	}
	return false
}

// Trigger globs that match the empty name (`*`, `**`) must not match the variable of the
// other kind of ref, which GitLab leaves unset and matches as "": a tag filter `*` let
// every branch push through, and a `!*` branch run blocked every tag push.
func TestWorkflowGlobsMatchingEmptyNames(t *testing.T) {
	branch := func(b string) map[string]string {
		return map[string]string{"CI_PIPELINE_SOURCE": "push", "CI_COMMIT_BRANCH": b}
	}
	tag := func(v string) map[string]string {
		return map[string]string{"CI_PIPELINE_SOURCE": "push", "CI_COMMIT_TAG": v}
	}
	cases := []struct {
		push    string
		yes, no []map[string]string
	}{
		{`tags = ["*"]`, []map[string]string{tag("v1")}, []map[string]string{branch("main")}},
		{`branches = ["**"]`, []map[string]string{branch("a/b")}, []map[string]string{tag("v1")}},
		{`branches = ["**", "!*"]
		  tags = ["v*"]`, []map[string]string{branch("a/b"), tag("v1")}, []map[string]string{branch("main"), tag("x")}},
	}
	for _, c := range cases {
		e := newEmitter(plan(t, `pipeline "p" {
  on {
    push {
      `+c.push+`
    }
  }
  stage "s" {
    step "x" { run = "true" }
  }
}`))
		wf := e.workflow()
		for _, vars := range c.yes {
			if !workflowCreates(t, wf, vars) {
				t.Errorf("push { %s }: no pipeline for %v; rules %v", c.push, vars, wf)
			}
		}
		for _, vars := range c.no {
			if workflowCreates(t, wf, vars) {
				t.Errorf("push { %s }: a pipeline for %v; rules %v", c.push, vars, wf)
			}
		}
	}
}
