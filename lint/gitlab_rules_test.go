package lint

import (
	"slices"
	"testing"

	"github.com/pipec-dev/pipec/compile/model"
)

// Native "gitlab" rules are read as GitLab reads them: the first rule that matches
// decides, when: never keeps the job out, no match leaves it out, and what the rules test
// beyond the pipeline source, branch and tag (changes, other variables, =~) may hold.
func TestGitLabRulesMayRun(t *testing.T) {
	push := pushScenarios(&model.Push{Branches: []model.String{{Value: "main"}}})[0]
	tag := pushScenarios(&model.Push{Tags: []model.String{{Value: "v*"}}})[0]
	for _, c := range []struct {
		rules     []gitlabRule
		push, tag bool
	}{
		{[]gitlabRule{{cond: gitlabIf(`$CI_PIPELINE_SOURCE == "schedule"`)}}, false, false},
		{[]gitlabRule{{cond: gitlabIf(`$CI_PIPELINE_SOURCE == "push" && $CI_COMMIT_TAG`)}}, false, true},
		{[]gitlabRule{{cond: gitlabIf(`$CI_COMMIT_TAG == null`)}}, true, false},
		{[]gitlabRule{{cond: gitlabIf(`$CI_COMMIT_BRANCH == 'main' || ($CI_COMMIT_TAG != null)`)}}, true, true},
		{[]gitlabRule{{cond: gitlabIf(`$CI_COMMIT_TAG`), never: true}, {}}, true, false},
		{[]gitlabRule{{cond: gitlabIf(`$CI_COMMIT_BRANCH =~ /^release/`)}}, true, true},
		{[]gitlabRule{{cond: gitlabIf(`$DEPLOY_ENABLED == "true"`)}}, true, true},
		{[]gitlabRule{{cond: gitlabIf(`$CI_PIPELINE_SOURCE == "web" ||`)}}, true, true},
		{nil, false, false},
	} {
		if got := gitlabMayRun(c.rules, push); got != c.push {
			t.Errorf("%+v for a push to main: %v, want %v", c.rules, got, c.push)
		}
		if got := gitlabMayRun(c.rules, tag); got != c.tag {
			t.Errorf("%+v for a tag: %v, want %v", c.rules, got, c.tag)
		}
	}
}

// Native "gitlab" rules replace a stage's condition on GitLab: linted for GitLab alone, a
// stage whose rules admit merge requests runs for pull requests whatever its when, and
// one whose rules admit pushes only does not.
func TestGitLabRulesDecidePullRequests(t *testing.T) {
	src := `pipeline "p" {
  on {
    push {
      branches = ["main"]
    }
    pull_request {}
  }
  defaults {
    timeout = "10m"
    image   = "debian:12-slim"
  }
  secret "token" {}
  stage "upload" {
    when = ci.event == "push"
    step "s" { run = "./upload.sh \"${secret.token}\"" }
    native "gitlab" {
      rules = [{ if = "$CI_PIPELINE_SOURCE == \"merge_request_event\" || $CI_COMMIT_BRANCH == \"main\"" }]
    }
  }
  stage "scan" {
    step "s" { run = "./scan.sh \"${secret.token}\"" }
    native "gitlab" {
      rules = [{ if = "$CI_PIPELINE_SOURCE == \"push\"" }]
    }
  }
}
`
	plan := compileSource(t, src)
	var got []string
	for _, d := range Lint(plan, targetsNamed("gitlab")) {
		if d.Code == "secret-in-pull-request" {
			got = append(got, d.Summary)
		}
	}
	if want := []string{`stage "upload" reads secret "token" and runs for pull requests`}; !slices.Equal(got, want) {
		t.Errorf("findings %q, want %q", got, want)
	}
}
