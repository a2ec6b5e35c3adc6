package github_test

import (
	"strings"
	"testing"
)

// A run that may deploy for a pull request is not cancelled by the pull request's next
// push, which would stop the deploy job half way; other runs keep cancel-in-progress.
func TestPreviewDeployIsNotCancelled(t *testing.T) {
	const cancels = "cancel-in-progress: ${{ github.event_name == 'pull_request' }}"
	cases := []struct {
		name, on, when string
		cancel         bool
	}{
		{"preview deploy", "push {}\n    pull_request {}", "", false},
		{"deploy gated on a PR number", "push {}\n    pull_request {}", `when = ci.pr_number != ""`, false},
		{"deploy for pushes only", "push {}\n    pull_request {}", `when = ci.event == "push"`, true},
		{"deploy without a PR number", "push {}\n    pull_request {}", `when = ci.pr_number == ""`, true},
		{"deploy of main's ref", "push {}\n    pull_request {}", `when = ci.ref == "refs/heads/main" || startswith(ci.ref, "refs/tags/")`, true},
		{"deploy of a tag", "push {}\n    pull_request {}", `when = ci.tag != ""`, true},
		{"deploy of a branch name", "push {}\n    pull_request {}", `when = ci.branch == "main"`, false},
		{"no pull requests", "push {}", "", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, _ := emit(t, `pipeline "p" {
  on {
    `+c.on+`
  }
  environment "preview" {}
  stage "build" {
    step "s" { run = "make" }
  }
  stage "deploy" {
    needs       = ["build"]
    environment = "preview"
    `+c.when+`
    step "s" { run = "./deploy.sh" }
    rollback {
      step "r" { run = "./undo.sh" }
    }
  }
}`)
			if got := strings.Contains(out, cancels); got != c.cancel {
				t.Errorf("cancel-in-progress on pull requests: %v, want %v:\n%s", got, c.cancel, out)
			}
		})
	}
}
