package lint

import (
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
