package gitlab

import (
	"fmt"
	"github.com/pipec-dev/pipec/targets/posix"
	"strings"

	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/expr"
	"github.com/pipec-dev/pipec/targets"
)

// ciVars maps ci.* to the GitLab variable holding it. ci.branch, ci.ref and ci.event have
// no single variable: scripts compute them (ciShell), rules test their sources.
var ciVars = map[string]string{
	"commit_sha": "CI_COMMIT_SHA",
	"short_sha":  "CI_COMMIT_SHORT_SHA",
	"tag":        "CI_COMMIT_TAG",
	"pr_number":  "CI_MERGE_REQUEST_IID",
	"run_id":     "CI_PIPELINE_ID",
	"run_number": "CI_PIPELINE_IID",
	"run_url":    "CI_PIPELINE_URL",
	"repository": "CI_PROJECT_PATH",
	"actor":      "GITLAB_USER_LOGIN",
	"workspace":  "CI_PROJECT_DIR",
}

// ciShell computes the values GitLab has no one variable for, in POSIX sh.
var ciShell = map[string]string{
	// The branch being built: a merge request's source branch, else the pushed branch.
	"branch": `${CI_MERGE_REQUEST_SOURCE_BRANCH_NAME:-${CI_COMMIT_BRANCH:-}}`,
	"ref": `$(if [ -n "${CI_COMMIT_TAG:-}" ]; then echo "refs/tags/$CI_COMMIT_TAG"; ` +
		`elif [ -n "${CI_MERGE_REQUEST_IID:-}" ]; then echo "refs/merge-requests/$CI_MERGE_REQUEST_IID/head"; ` +
		`else echo "refs/heads/${CI_COMMIT_BRANCH:-}"; fi)`,
	"event": `$(case "$CI_PIPELINE_SOURCE" in merge_request_event) echo pull_request;; web|api) echo manual;; *) echo "$CI_PIPELINE_SOURCE";; esac)`,
}

// sourceEvents maps ci.event values to CI_PIPELINE_SOURCE values.
var sourceEvents = map[string][]string{
	"push":         {"push"},
	"pull_request": {"merge_request_event"},
	"schedule":     {"schedule"},
	"manual":       {"web", "api"},
}

// inputVar is the pipeline variable that carries a manual input.
func inputVar(name string) string { return "PIPEC_INPUT_" + targets.EnvName(name) }

// matrixVar is the job variable parallel:matrix sets for an axis.
func matrixVar(axis string) string { return "PIPEC_MATRIX_" + targets.EnvName(axis) }

// outputVar is the dotenv variable that carries a stage output to the jobs that need it.
func outputVar(stage, key string) string {
	return "PIPEC_STAGE_" + targets.EnvName(stage) + "_OUTPUTS_" + targets.EnvName(key)
}

// shellValue renders a reference as a POSIX sh expansion, for job j, inside double quotes.
func (e *emitter) shellValue(r *expr.Ref, j *gjob) string {
	switch r.Root() {
	case "ci":
		if v, ok := ciVars[r.Path[1]]; ok {
			return "${" + v + ":-}"
		}
		return ciShell[r.Path[1]]
	case "matrix":
		return "${" + matrixVar(r.Path[1]) + ":-}"
	case "input":
		return "${" + inputVar(r.Path[1]) + ":-}"
	case "secret":
		return "${" + targets.EnvName(r.Path[1]) + ":-}"
	case "stage":
		return "${" + outputVar(r.Path[1], r.Path[3]) + ":-}"
	case "deploy":
		return posix.QuoteInDouble(e.deployValue(r, j))
	}
	panic("gitlab: unchecked reference " + r.String())
}

// deployValue is a strategy position, fixed per job.
func (e *emitter) deployValue(r *expr.Ref, j *gjob) string {
	d := j.Deploy
	switch r.Path[1] {
	case "weight":
		return fmt.Sprint(d.Weight)
	case "slot":
		return d.Slot
	case "batch":
		return fmt.Sprint(j.batch)
	case "environment":
		return d.Environment.Name
	case "url":
		if d.Environment.URL != nil {
			return d.Environment.URL.Value
		}
	}
	return ""
}

// variableValue renders a reference where GitLab expands variables itself (variables:,
// image:, services): ${NAME}, or literal text for fixed values. It returns false when the
// value needs a shell to compute (ci.branch, ci.ref, ci.event).
func (e *emitter) variableValue(r *expr.Ref, j *gjob) (string, bool) {
	switch r.Root() {
	case "ci":
		if v, ok := ciVars[r.Path[1]]; ok {
			return "${" + v + "}", true
		}
		return "", false
	case "matrix":
		return "${" + matrixVar(r.Path[1]) + "}", true
	case "input":
		return "${" + inputVar(r.Path[1]) + "}", true
	case "stage":
		return "${" + outputVar(r.Path[1], r.Path[3]) + "}", true
	case "deploy":
		return escapeVariable(e.deployValue(r, j)), true
	}
	return "", false
}

// escapeVariable keeps GitLab from expanding $ in literal text of a variable value.
func escapeVariable(s string) string { return strings.ReplaceAll(s, "$", "$$") }

// interpolates reports whether GitLab interpolates the file's text: it does when the file
// starts with a `spec: inputs:` header, which a spec with manual inputs gets.
func (e *emitter) interpolates() bool {
	m := e.plan.Pipeline.On.Manual
	return m != nil && len(m.Inputs) > 0
}

// literalText reports literal text of t that GitLab would take for one of its input
// interpolations. In a file with inputs GitLab replaces every "$[[ ... ]]" before it
// reads the YAML, in scripts and variables too, and has no escape for it; the spec's
// text would change (or the file fail to load).
func (e *emitter) literalText(t expr.Template) {
	for _, p := range t.Parts {
		if p.Ref == nil && strings.Contains(p.Lit, "$[[") {
			e.noInterpolation(t.Range, p.Lit)
			return
		}
	}
}

// noInterpolation reports, once per position, spec text GitLab would take for one of
// its input interpolations in a file with inputs: a matrix value, a cache key or path,
// an artifact path or an environment's url as much as a script.
func (e *emitter) noInterpolation(rng diag.Range, s string) {
	if !strings.Contains(s, "$[[") || !e.interpolates() || e.interpolated[rng] {
		return
	}
	e.interpolated[rng] = true
	e.errorf(rng, "unsupported-character", `a file with inputs has GitLab replace every "$[[ ... ]]" in it before it reads it, and there is no escape; keep "$" and "[[" apart (in a script: "$"'[[')`, "text with \"$[[\" cannot be written on GitLab in a pipeline with manual inputs")
}

// literalField checks the text of a field GitLab reads as written but for its variables:
// an environment's url, a cache key or path, an artifact path. GitLab (or
// its runner) expands $NAME and ${NAME} there, and unlike variables: values these
// fields have no documented escape, so a "$" the spec means as text would change the
// field's meaning on GitLab alone (out/$CI_JOB_ID/app names another directory on the
// other targets). It is an error, once per position, as "$[[" is.
func (e *emitter) literalField(rng diag.Range, s, what string) {
	e.noInterpolation(rng, s)
	if !expandsVariable(s) || e.expanded[rng] {
		return
	}
	e.expanded[rng] = true
	e.errorf(rng, "unsupported-character", `GitLab expands "$NAME" and "${NAME}" in `+what+` and has no escape there: write the text without "$"`, "%s %q holds a \"$\" GitLab would expand", what, s)
}

// expandsVariable reports whether s holds a "$" GitLab's variable expansion reads: one
// before a name's character, "{" or another "$".
func expandsVariable(s string) bool {
	for i := strings.IndexByte(s, '$'); i >= 0 && i+1 < len(s); {
		c := s[i+1]
		if c == '{' || c == '$' || c == '_' || c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' {
			return true
		}
		next := strings.IndexByte(s[i+1:], '$')
		if next < 0 {
			break
		}
		i += 1 + next
	}
	return false
}

// shellTemplate renders a template as the inside of a double-quoted sh string: literal
// text escaped, references expanded from variables.
func (e *emitter) shellTemplate(t expr.Template, j *gjob) string {
	e.literalText(t)
	var b strings.Builder
	for _, p := range t.Parts {
		if p.Ref != nil {
			b.WriteString(e.shellValue(p.Ref, j))
		} else {
			b.WriteString(posix.QuoteInDouble(p.Lit))
		}
	}
	return b.String()
}

// varTemplate renders a template where GitLab expands variables, or reports that a
// reference needs a shell.
func (e *emitter) varTemplate(t expr.Template, j *gjob, where string) string {
	e.literalText(t)
	var b strings.Builder
	for _, p := range t.Parts {
		if p.Ref == nil {
			b.WriteString(escapeVariable(p.Lit))
			continue
		}
		v, ok := e.variableValue(p.Ref, j)
		if !ok {
			e.errorf(p.Ref.Range, "unsupported-reference", fmt.Sprintf("GitLab has no variable for %s outside a script; use it in a step's run or env", p.Ref), "%s cannot be used in %s on GitLab", p.Ref, where)
		}
		b.WriteString(v)
	}
	return b.String()
}

// needsShell reports whether a template reads a value only a script can compute: a
// ci value GitLab has no variable for, or a stage output, which arrives encoded
// (outputEncode) and is decoded by the job's script.
func needsShell(t expr.Template) bool {
	for _, r := range t.Refs() {
		if r.Root() == "stage" {
			return true
		}
		if r.Root() == "ci" {
			if _, ok := ciShell[r.Path[1]]; ok {
				return true
			}
		}
	}
	return false
}
