package lint

import (
	"os"
	"path/filepath"
	"testing"
)

// A push filter fixes what the refs of its runs look like: a tag-only push is never a
// branch's (ci.branch is empty, ci.ref starts with refs/tags/), a branch glob fixes the
// branch's start. unreachable-stage finds the stages those facts exclude, such as a
// deployment to an environment that takes main while the pipeline runs only for tags.
func TestPushFilterScenarios(t *testing.T) {
	const env = `  environment "production" {
    branches = ["main"]
  }
`
	cases := []struct {
		name, on, extra, stage string
		unreachable            bool
	}{
		{"tags only, environment of branches", `push { tags = ["v*"] }`, env, `environment = "production"`, true},
		{"tags only, tag is set", `push { tags = ["v*"] }`, "", `when = ci.tag != ""`, false},
		{"tags only, branch test", `push { tags = ["v*"] }`, "", `when = ci.branch == "main"`, true},
		{"tags only, prefix of the glob", `push { tags = ["v*"] }`, "", `when = startswith(ci.tag, "v")`, false},
		{"tags only, other prefix", `push { tags = ["v*"] }`, "", `when = startswith(ci.tag, "release-")`, true},
		{"tags only, longer prefix", `push { tags = ["v*"] }`, "", `when = startswith(ci.tag, "v2.")`, false},
		{"tags only, ref glob", `push { tags = ["v*"] }`, "", `when = matches(ci.ref, "refs/tags/v*")`, false},
		{"tags only, negated branch ref glob", `push { tags = ["v*"] }`, "", `when = !matches(ci.ref, "refs/heads/**")`, false},
		{"literal tag, other tag", `push { tags = ["v1.0"] }`, "", `when = ci.tag == "v2.0"`, true},
		{"literal tag, that tag", `push { tags = ["v1.0"] }`, "", `when = ci.tag == "v1.0"`, false},
		{"tag glob, equal to a matching name", `push { tags = ["v*"] }`, "", `when = ci.tag == "v3"`, false},
		{"tag glob, equal to another name", `push { tags = ["v*"] }`, "", `when = ci.tag == "3"`, true},
		{"branch glob, other branch", `push { branches = ["release/**"] }`, "", `when = ci.branch == "main"`, true},
		{"branch glob, its prefix", `push { branches = ["release/**"] }`, "", `when = startswith(ci.branch, "release/")`, false},
		{"branch glob, a tag", `push { branches = ["release/**"] }`, "", `when = ci.tag != ""`, true},
		{"branches and tags, environment of branches", `push {
      branches = ["main"]
      tags     = ["v*"]
    }`, env, `environment = "production"`, false},
		{"branches and tags, tag only", `push {
      branches = ["main"]
      tags     = ["v*"]
    }`, "", `when = ci.tag != ""`, false},
		{"no filter, anything", `push {}`, "", `when = ci.tag != ""`, false},
		{"pull request only, no PR number", `pull_request {}`, "", `when = ci.pr_number == ""`, true},
		{"pull request only, a PR number", `pull_request {}`, "", `when = ci.pr_number != ""`, false},
		{"pull request only, PR number is set", `pull_request {}`, "", `when = !ci.pr_number`, true},
		{"tags, but also a pull request", `push { tags = ["v*"] }
    pull_request {}`, "", `when = ci.branch != ""`, false},
	}
	dir := t.TempDir()
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := "pipeline \"p\" {\n  on {\n    " + c.on + "\n  }\n" + c.extra +
				"  stage \"s\" {\n    image = \"debian:12-slim\"\n    " + c.stage + "\n    step \"x\" { run = \"true\" }\n  }\n}\n"
			path := filepath.Join(dir, "p"+string(rune('a'+i))+".hcl")
			if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
			found := false
			for _, d := range lintFile(t, path) {
				found = found || d.Code == "unreachable-stage"
			}
			if found != c.unreachable {
				t.Errorf("unreachable-stage reported: %v, want %v, for\n%s", found, c.unreachable, src)
			}
		})
	}
}
