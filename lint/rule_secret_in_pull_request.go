package lint

import (
	"strings"

	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/model"
)

var ruleSecretInPullRequest = &Rule{
	ID:        "secret-in-pull-request",
	Category:  Security,
	Severity:  diag.Warning,
	Summary:   "a stage that reads secrets runs for pull requests",
	Rationale: "Code in a pull request runs with whatever the stage is given. Secrets given to stages that run for pull requests are one edited script away from being printed or sent elsewhere, and on GitLab and CircleCI a pull request from a branch of the same repository gets them. GitHub withholds secrets from forks, which also means the stage fails there. A secret a native \"github\" block reads (secrets.NAME in an expression, other than GITHUB_TOKEN) counts too. " + nativeIfNote,
	Fix:       "limit the stage to pushes: when = ci.event == \"push\", or split the secret part into a stage that does not run for pull requests",
	check: func(p *Pass) {
		for _, s := range p.Pipeline.Stages {
			if !stagePR(p, s).any() {
				continue
			}
			found := false
			for _, j := range jobsOf(p, s) {
				if len(j.Secrets) > 0 {
					p.Report(s.NameRange, "stage %q reads secret %q and runs for pull requests", s.Name, j.Secrets[0].Name)
					found = true
					break
				}
			}
			if !found {
				reportNativeSecret(p, s)
			}
		}
	},
}

// reportNativeSecret reports the first secret a stage's native "github" block reads
// (secrets.NAME in an expression), which pipec does not see as the stage's. GITHUB_TOKEN
// is every job's, whatever it reads.
func reportNativeSecret(p *Pass, s *model.Stage) {
	done := false
	targetStrings(p, s, "github", func(v *model.Value) {
		if done {
			return
		}
		for _, m := range nativeSecret.FindAllStringSubmatch(v.Str, -1) {
			if !strings.EqualFold(m[1], "GITHUB_TOKEN") {
				p.Report(v.Range, "stage %q reads secret %s in its native \"github\" block and runs for pull requests", s.Name, m[1])
				done = true
				return
			}
		}
	})
}

// nativeSecret finds a secret a GitHub expression reads by name.
var nativeSecret = lazy(`\$\{\{[^}]*?\bsecrets\.([A-Za-z_][A-Za-z0-9_]*)`)
