package lint

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/pipec-dev/pipec/targets/all"
)

// A native "github" if replaces a stage's condition on GitHub: linted for GitHub alone,
// a stage whose if keeps it from pull requests does not run for them, whatever its when;
// an if that does not decide leaves the when to decide.
func TestGitHubIfDecidesPullRequests(t *testing.T) {
	src := `pipeline "p" {
  on {
    push {
      branches = ["main"]
      tags     = ["v*"]
    }
    pull_request {}
  }
  defaults {
    timeout = "10m"
  }
  secret "token" {}
  environment "production" {}
  stage "push-only" {
    image       = "debian:12-slim"
    environment = "production"
    step "s" { run = "./deploy.sh \"${secret.token}\"" }
    native "github" {
      if = "github.event_name == 'push'"
    }
  }
  stage "tags-only" {
    image = "debian:12-slim"
    when  = ci.actor == "dependabot[bot]"
    step "s" { run = "./release.sh \"${secret.token}\"" }
    native "github" {
      if = "$${{ startsWith(github.ref, 'refs/tags/') && github.actor == 'dependabot[bot]' }}"
    }
  }
  stage "ref-type" {
    image = "debian:12-slim"
    step "s" { run = "./release.sh \"${secret.token}\"" }
    native "github" {
      if = "github.ref_type == 'tag' || github.event_name != 'pull_request' && success()"
    }
  }
  stage "undecided" {
    image = "debian:12-slim"
    step "s" { run = "./upload.sh \"${secret.token}\"" }
    native "github" {
      if = "contains(github.event.head_commit.message, '[upload]')"
    }
  }
}
`
	plan := compileSource(t, src)
	var got []string
	for _, d := range Lint(plan, targetsNamed("github")) {
		switch d.Code {
		case "secret-in-pull-request", "deploy-from-pull-request", "bot-condition":
			got = append(got, d.Code+" "+d.Summary)
		}
	}
	if len(got) != 1 || !strings.Contains(got[0], `secret-in-pull-request stage "undecided"`) {
		t.Errorf("findings %q, want one: secret-in-pull-request on stage \"undecided\"", got)
	}
	// Linted for every target, the when still decides on the others.
	n := 0
	for _, d := range Lint(plan, all.Targets) {
		if d.Code == "deploy-from-pull-request" || d.Code == "bot-condition" {
			n++
		}
	}
	if n != 2 {
		t.Errorf("%d deploy-from-pull-request and bot-condition findings for every target, want 2", n)
	}
}

// unreachable-stage reads a native "github" if as GitHub does: an if that tests an event
// no trigger starts leaves the job out of every run there (reported at the if), and an
// if that runs a stage whose when never holds leaves the finding to the other targets.
func TestGitHubIfDecidesUnreachable(t *testing.T) {
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
  stage "nightly" {
    step "s" { run = "make nightly" }
    native "github" {
      if = "github.event_name == 'schedule'"
    }
  }
  stage "rel" {
    when = ci.event == "schedule"
    step "s" { run = "make rel" }
    native "github" {
      if = "github.event_name == 'push'"
    }
  }
}
`
	plan := compileSource(t, src)
	lint := func(names ...string) []string {
		var got []string
		for _, d := range Lint(plan, targetsNamed(names...)) {
			if d.Code == "unreachable-stage" {
				got = append(got, fmt.Sprintf("%d: %s", d.Subject.Start.Line, d.Summary))
				// The fix points at what decides: the native if where it does.
				if native := strings.Contains(d.Summary, "native"); native != strings.Contains(d.Detail, "native if") {
					t.Errorf("%s: fix %q", d.Summary, d.Detail)
				}
			}
		}
		return got
	}
	for _, c := range []struct {
		targets []string
		want    []string
	}{
		{[]string{"github"}, []string{`15: stage "nightly" runs for none of the pipeline's events (push, pull_request) on GitHub, by its native "github" if`}},
		{[]string{"gitlab"}, []string{`18: stage "rel" runs for none of the pipeline's events (push, pull_request)`}},
		{[]string{"github", "gitlab"}, []string{
			`15: stage "nightly" runs for none of the pipeline's events (push, pull_request) on GitHub, by its native "github" if`,
			`18: stage "rel" runs for none of the pipeline's events (push, pull_request) on gitlab`,
		}},
	} {
		if got := lint(c.targets...); !slices.Equal(got, c.want) {
			t.Errorf("linted for %v: %q, want %q", c.targets, got, c.want)
		}
	}
}
