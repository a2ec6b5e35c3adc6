package lint

import (
	"slices"
	"strings"

	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/expr"
	"github.com/pipec-dev/pipec/compile/model"
)

// xtrace matches set -x, set -o xtrace and bash -x.
var xtrace = lazy(`(^|[\s;&|])(set\s+-[a-wyz]*x|set\s+-o\s+xtrace|(ba)?sh\s+-[a-wyz]*x)`)

var ruleSecretInTrace = &Rule{
	ID:        "secret-in-trace",
	Category:  Security,
	Severity:  diag.Warning,
	Summary:   "a step that reads secrets traces its commands",
	Rationale: "With set -x the shell prints every command after expansion, secrets included, and so is an oidc identity's token when the script expands its variable. GitLab's CI_DEBUG_TRACE does the same for the whole job, and prints every variable it has. Masking on the platforms matches exact values only: a secret that is encoded, split or embedded in a URL is printed in clear.",
	Fix:       "drop set -x from steps that handle secrets, or turn it off (set +x) around the commands that expand them; set CI_DEBUG_TRACE for one run when debugging, never in the spec",
	check: func(p *Pass) {
		templates(p.Pipeline, func(t *expr.Template, at place) {
			if at.what != "run" || !xtrace.MatchString(t.Literal()) {
				return
			}
			if stepReadsSecret(at) {
				p.Report(at.step.NameRange, "step %q traces commands (set -x) and reads secrets", at.step.Name)
			} else if id := tokenRead(p.Pipeline, at, t); id != "" {
				p.Report(at.step.NameRange, "step %q traces commands (set -x) and reads identity %q's token", at.step.Name, id)
			}
		})
		// GitLab's debug trace is set -x for the whole job, runner's side included: pipeline
		// and stage env become job variables, which is where the runner reads it.
		if !slices.Contains(p.Targets, "gitlab") {
			return
		}
		envs := [][]*model.EnvVar{p.Pipeline.Env}
		for _, s := range p.Pipeline.Stages {
			envs = append(envs, s.Env)
		}
		for _, env := range envs {
			for _, v := range env {
				if gitlabDebug[v.Name] && strings.EqualFold(v.Value.Literal(), "true") {
					p.Report(v.NameRange, "%s = \"true\" makes GitLab print every variable of the job, secrets and tokens included, in its log", v.Name)
				}
			}
		}
	},
}

// gitlabDebug is the variable that turns on GitLab's debug trace.
var gitlabDebug = map[string]bool{"CI_DEBUG_TRACE": true}

// stepReadsSecret reports whether a step's script, its env, or its stage's env names a
// secret.
func stepReadsSecret(at place) bool {
	has := func(t *expr.Template) bool {
		for _, r := range t.Refs() {
			if r.Root() == "secret" {
				return true
			}
		}
		return false
	}
	if has(&at.step.Run) {
		return true
	}
	for _, v := range at.step.Env {
		if has(&v.Value) {
			return true
		}
	}
	for _, v := range at.stage.Env {
		if has(&v.Value) {
			return true
		}
	}
	return false
}

// tokenRead names the stage's oidc identity when the script expands the variable that
// holds its token ($PLATFORM_TOKEN): a bearer credential like any secret, and one
// CircleCI does not mask.
func tokenRead(p *model.Pipeline, at place, t *expr.Template) string {
	if at.stage == nil || at.stage.Identity == nil {
		return ""
	}
	for _, id := range p.Identities {
		if id.Name != at.stage.Identity.Value || id.OIDC == nil {
			continue
		}
		for _, m := range shellVar.FindAllStringSubmatch(t.Literal(), -1) {
			if m[2] == id.OIDC.Env.Value || m[3] == id.OIDC.Env.Value {
				return id.Name
			}
		}
	}
	return ""
}
