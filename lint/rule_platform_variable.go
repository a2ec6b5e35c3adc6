package lint

import (
	"strings"

	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/expr"
	"github.com/pipec-dev/pipec/compile/model"
	"github.com/pipec-dev/pipec/targets/azure"
	"github.com/pipec-dev/pipec/targets/circleci"
	"github.com/pipec-dev/pipec/targets/github"
	"github.com/pipec-dev/pipec/targets/gitlab"
)

var rulePlatformVariable = &Rule{
	ID:        "platform-variable",
	Category:  Portability,
	Severity:  diag.Warning,
	Summary:   "a script reads a variable that only some of the targets set",
	Rationale: "Each platform hands its jobs predefined variables of its own: $GITHUB_SHA and $GITHUB_WORKSPACE on GitHub, $CI_COMMIT_SHA and $CI_PROJECT_DIR on GitLab, $CIRCLE_SHA1 on CircleCI, $BUILD_SOURCEVERSION on Azure Pipelines. A script copied from one platform's file keeps reading them, and on the other targets the variable is not set: the shell expands it to nothing, so GOCACHE=$CI_PROJECT_DIR/.cache becomes /.cache and a tag built from $GITHUB_SHA has no version, without an error. pipec's ci references (${ci.commit_sha}, ${ci.workspace}, ...) hold the same value on every target. A variable the spec sets itself in an env (pipeline, stage or step) is the spec's, and CI, which every platform sets, is left alone; only the targets selected count, so a spec compiled for GitHub alone may read GitHub's variables.",
	Fix:       "read the value through a ci reference, ${ci.commit_sha} for $GITHUB_SHA, or pass it in through the step's env",
	check: func(p *Pass) {
		templates(p.Pipeline, func(t *expr.Template, at place) {
			if at.what != "run" || at.step == nil {
				return
			}
			shell := "bash"
			if at.step.Shell != nil {
				shell = at.step.Shell.Value
			}
			seen := map[string]bool{}
			for _, name := range platformVars(t, shell) {
				up := strings.ToUpper(name)
				if seen[up] || up == "CI" {
					continue
				}
				seen[up] = true
				var owners, missing []string
				for _, tg := range platformTargets {
					if tg.predefined(name) {
						owners = append(owners, tg.title)
					}
				}
				// The spec's env and the script are looked at only for a platform's
				// variable: a script reading many of its own would make this quadratic.
				if len(owners) == 0 || setBySpec(p.Pipeline, at, up) || assigns(t, name) {
					continue
				}
				for _, sel := range p.Targets {
					for _, tg := range platformTargets {
						if tg.name == sel && !tg.predefined(name) {
							missing = append(missing, tg.title)
						}
					}
				}
				if len(missing) == 0 {
					continue
				}
				use := "read the value through a ci reference or the step's env"
				if r, ok := portableValue[up]; ok {
					use = "use " + r + ", which every target sets"
				}
				not := "does not"
				if len(missing) > 1 {
					not = "do not"
				}
				p.Report(at.step.NameRange, "step %q reads $%s, which %s sets and %s %s: there the script reads it empty; %s", at.step.Name, name, joinAnd(owners), joinAnd(missing), not, use)
			}
		})
	},
}

// platformTargets are the four targets, with the variables each predefines, in the
// order messages name them.
var platformTargets = []struct {
	name, title string
	predefined  func(string) bool
}{
	{"github", "GitHub", github.Predefined},
	{"gitlab", "GitLab", gitlab.Predefined},
	{"circleci", "CircleCI", circleci.Predefined},
	{"azure", "Azure Pipelines", azure.Predefined},
}

// portableValue names the ci reference that holds, on every target, what a platform's
// variable holds on its own (a close equivalent: ci.branch is a pull request's head
// branch on every target). Looked up by key only, never ranged over.
var portableValue = map[string]string{
	"GITHUB_SHA": "${ci.commit_sha}", "CI_COMMIT_SHA": "${ci.commit_sha}", "CIRCLE_SHA1": "${ci.commit_sha}", "BUILD_SOURCEVERSION": "${ci.commit_sha}",
	"CI_COMMIT_SHORT_SHA": "${ci.short_sha}",
	"GITHUB_REF":          "${ci.ref}", "BUILD_SOURCEBRANCH": "${ci.ref}",
	"CI_COMMIT_BRANCH": "${ci.branch}", "CIRCLE_BRANCH": "${ci.branch}",
	"CI_COMMIT_TAG": "${ci.tag}", "CIRCLE_TAG": "${ci.tag}",
	"GITHUB_WORKSPACE": "${ci.workspace}", "CI_PROJECT_DIR": "${ci.workspace}", "CIRCLE_WORKING_DIRECTORY": "${ci.workspace}", "BUILD_SOURCESDIRECTORY": "${ci.workspace}", "SYSTEM_DEFAULTWORKINGDIRECTORY": "${ci.workspace}",
	"GITHUB_RUN_ID": "${ci.run_id}", "CI_PIPELINE_ID": "${ci.run_id}", "BUILD_BUILDID": "${ci.run_id}",
	"GITHUB_RUN_NUMBER": "${ci.run_number}", "CI_PIPELINE_IID": "${ci.run_number}",
	"GITHUB_REPOSITORY": "${ci.repository}", "CI_PROJECT_PATH": "${ci.repository}", "BUILD_REPOSITORY_NAME": "${ci.repository}",
	"GITHUB_ACTOR": "${ci.actor}", "GITLAB_USER_LOGIN": "${ci.actor}", "CIRCLE_USERNAME": "${ci.actor}",
	"CI_MERGE_REQUEST_IID": "${ci.pr_number}", "CIRCLE_PR_NUMBER": "${ci.pr_number}", "SYSTEM_PULLREQUEST_PULLREQUESTNUMBER": "${ci.pr_number}",
	"GITHUB_EVENT_NAME": "${ci.event}", "CI_PIPELINE_SOURCE": "${ci.event}", "BUILD_REASON": "${ci.event}",
	"GITHUB_OUTPUT": "$PIPEC_OUTPUT (name=value lines, for the stage's outputs)",
}

// setBySpec reports whether an env the step sees (the pipeline's, its stage's, its own)
// sets the variable: then the script reads the spec's value.
func setBySpec(p *model.Pipeline, at place, name string) bool {
	lists := [][]*model.EnvVar{p.Env, at.step.Env}
	if at.stage != nil {
		lists = append(lists, at.stage.Env)
	}
	for _, l := range lists {
		for _, v := range l {
			if strings.EqualFold(v.Name, name) {
				return true
			}
		}
	}
	return false
}

// assigns reports whether the script gives the variable a value itself (NAME=...,
// export NAME=..., $env:NAME = ... in PowerShell, set NAME=... in cmd): then it reads
// its own value.
func assigns(t *expr.Template, name string) bool {
	for _, p := range t.Parts {
		text := p.Lit
		for i := strings.Index(text, name); i >= 0; {
			end := i + len(name)
			before := byte(' ')
			if i > 0 {
				before = text[i-1]
			}
			rest := strings.TrimLeft(text[end:], " \t")
			if strings.IndexByte(" \t\n;&|(:", before) >= 0 && strings.HasPrefix(rest, "=") && !strings.HasPrefix(rest, "==") {
				return true
			}
			next := strings.Index(text[end:], name)
			if next < 0 {
				break
			}
			i = end + next
		}
	}
	return false
}

// platformVars lists the variables a script expands where its shell expands them, in
// order: for bash and sh, $NAME and ${NAME...} outside single quotes, comments and
// quoted here-documents; for pwsh and powershell, $env:NAME outside single quotes; for
// cmd, %NAME%. A python step reads none this way.
func platformVars(t *expr.Template, shell string) []string {
	var b strings.Builder
	for _, p := range t.Parts {
		if p.Ref != nil {
			b.WriteByte(refMark)
			continue
		}
		b.WriteString(strings.ReplaceAll(p.Lit, string(refMark), ""))
	}
	text := b.String()
	switch shell {
	case "bash", "sh":
		return shellVars(text)
	case "pwsh", "powershell":
		var out []string
		quoted := false
		lower := strings.ToLower(text)
		for i := 0; i < len(text); i++ {
			switch {
			case text[i] == '\'':
				quoted = !quoted
			case !quoted && strings.HasPrefix(lower[i:], "$env:"):
				j := i + len("$env:")
				k := j
				for k < len(text) && isWordByte(text[k]) {
					k++
				}
				if k > j {
					out = append(out, text[j:k])
				}
				i = k - 1
			}
		}
		return out
	case "cmd":
		var out []string
		for _, part := range strings.Split(text, "%")[1:] {
			if part != "" && strings.IndexFunc(part, func(r rune) bool { return r > 0x7f || !isWordByte(byte(r)) }) < 0 {
				out = append(out, part)
			}
		}
		return out
	}
	return nil
}

// shellVars lists the variables a POSIX script expands, as the shell reads it: each
// expansion is put in the place of a reference, which the scanner judges as it judges
// pipec's own, and those it finds taken as text (single quotes, a comment, a quoted
// here-document, a backslash before the $) are left out.
func shellVars(text string) []string {
	var s strings.Builder
	var names []string
	var mine []bool // for each refMark of s: an expansion found here (not a reference)
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case refMark:
			mine = append(mine, false)
			names = append(names, "")
		case '$':
			if name, end := shellVarAt(text, i); name != "" {
				s.WriteByte(refMark)
				mine = append(mine, true)
				names = append(names, name)
				i = end - 1
				continue
			}
		}
		s.WriteByte(text[i])
	}
	var out []string
	for k, how := range scanShell(s.String()) {
		if k < len(mine) && mine[k] && how != notExpanded && how != hereText && how != ignored {
			out = append(out, names[k])
		}
	}
	return out
}

// joinAnd joins names as a sentence lists them: "A", "A and B", "A, B and C".
func joinAnd(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}
