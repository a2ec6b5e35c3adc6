package circleci

import (
	"fmt"
	"github.com/pipec-dev/pipec/targets/posix"
	"regexp"
	"strings"
	"sync"

	"github.com/pipec-dev/pipec/compile"
	"github.com/pipec-dev/pipec/compile/expr"
	"github.com/pipec-dev/pipec/targets"
)

// ciShell computes ci.* values from CircleCI's environment, in bash (the shell of every
// run step), inside double quotes.
var ciShell = map[string]string{
	"commit_sha": "${CIRCLE_SHA1:-}",
	"short_sha":  "${CIRCLE_SHA1:0:8}",
	"branch":     "${CIRCLE_BRANCH:-}",
	"tag":        "${CIRCLE_TAG:-}",
	// CircleCI has no PR number variable for non-fork pull requests: the PR URL ends in it.
	"pr_number": "${CIRCLE_PULL_REQUEST##*/}",
	"ref": `$(if [ -n "${CIRCLE_TAG:-}" ]; then echo "refs/tags/$CIRCLE_TAG"; ` +
		`elif [ -n "${CIRCLE_PULL_REQUEST:-}" ]; then echo "refs/pull/${CIRCLE_PULL_REQUEST##*/}/head"; ` +
		`else echo "refs/heads/${CIRCLE_BRANCH:-}"; fi)`,
	"event":      `$(case "${PIPEC_CIRCLE_EVENT:-}" in api) echo manual;; pull_request|schedule) echo "$PIPEC_CIRCLE_EVENT";; *) echo push;; esac)`,
	"run_id":     "${CIRCLE_WORKFLOW_ID:-}",
	"run_number": "${PIPEC_CI_RUN_NUMBER:-}",
	"run_url":    "https://app.circleci.com/pipelines/workflows/${CIRCLE_WORKFLOW_ID:-}",
	"repository": "${CIRCLE_PROJECT_USERNAME:-}/${CIRCLE_PROJECT_REPONAME:-}",
	"actor":      "${CIRCLE_USERNAME:-}",
	"workspace":  `${CIRCLE_WORKING_DIRECTORY/#\~/$HOME}`,
}

// inputVar is the job variable that carries a manual input.
func inputVar(name string) string { return "PIPEC_INPUT_" + targets.EnvName(name) }

// matrixVar is the job variable that carries a matrix value.
func matrixVar(axis string) string { return "PIPEC_MATRIX_" + targets.EnvName(axis) }

// outputVar is the variable a script reads a stage output from.
func outputVar(stage, key string) string {
	return "PIPEC_STAGE_" + targets.EnvName(stage) + "_OUTPUTS_" + targets.EnvName(key)
}

// outputFile is where a stage output lives in the workspace, under $PIPEC_DIR.
func outputFile(stage, key string) string { return "outputs/" + stage + "/" + key }

// shellValue renders a reference as a bash expansion for job j, inside double quotes.
func (e *emitter) shellValue(r *expr.Ref, j *cjob) string {
	return e.shellValueFor(r, j, j.Job)
}

// shellValueFor is shellValue with deploy values from dj (a rollback job's for
// rollback steps).
func (e *emitter) shellValueFor(r *expr.Ref, j *cjob, dj *compile.Job) string {
	switch r.Root() {
	case "ci":
		return ciShell[r.Path[1]]
	case "matrix":
		return "${" + matrixVar(r.Path[1]) + ":-}"
	case "input":
		return "${" + inputVar(r.Path[1]) + ":-}"
	case "stage":
		return fmt.Sprintf(`$(cat "$PIPEC_DIR/%s" 2>/dev/null || true)`, outputFile(r.Path[1], r.Path[3]))
	case "deploy":
		return posix.QuoteInDouble(e.deployValue(r, j, dj))
	case "secret":
		return e.secretValue(r.Path[1])
	}
	return ""
}

// compileValue renders a reference CircleCI knows when it compiles the config: a matrix
// parameter, a pipeline parameter, a pipeline value or a deploy value.
func (e *emitter) compileValue(r *expr.Ref, j *cjob, dj *compile.Job) (string, bool) {
	switch r.Root() {
	case "matrix":
		return "<< parameters." + r.Path[1] + " >>", true
	case "input":
		return "<< pipeline.parameters." + r.Path[1] + " >>", true
	case "deploy":
		return escapeParams(e.deployValue(r, j, dj)), true
	case "ci":
		if v, ok := pipelineValues[r.Path[1]]; ok {
			return "<< " + v + " >>", true
		}
	}
	return "", false
}

// pipelineValues are the ci values CircleCI has as pipeline values, known when it
// compiles the config for every kind of project, with the same text as the variables
// scripts read (ciShell). The others are computed (short_sha, ref, event, run_url),
// differ from the variable scripts read (pipeline.id is not the workflow's id), or
// exist for GitHub App projects only (the pull request's number), so only a shell
// knows them.
var pipelineValues = map[string]string{
	"commit_sha": "pipeline.git.revision",
	"branch":     "pipeline.git.branch",
	"tag":        "pipeline.git.tag",
	"run_number": "pipeline.number",
}

// deployValue is a deploy.* value of job j (deploy position from dj).
func (e *emitter) deployValue(r *expr.Ref, j *cjob, dj *compile.Job) string {
	d := dj.Deploy
	switch r.Path[1] {
	case "weight":
		return fmt.Sprint(d.Weight)
	case "slot":
		return d.Slot
	case "batch":
		if j.batch > 0 {
			return fmt.Sprint(j.batch)
		}
		return "1"
	case "environment":
		if dj.Environment != nil {
			return dj.Environment.Name
		}
	case "url":
		if dj.Environment != nil && dj.Environment.URL != nil {
			return dj.Environment.URL.Value
		}
	}
	return ""
}

// compileTemplate renders a template where CircleCI substitutes parameters (image,
// environment values), or reports false when a reference needs a shell.
func (e *emitter) compileTemplate(t expr.Template, j *cjob, dj *compile.Job) (string, bool) {
	v, shell := e.configText(t, j, dj)
	return v, len(shell) == 0
}

// configText renders a template as config text, and lists the references in it that
// only a shell knows (then the text is empty), so that a place without a shell can
// name each one.
func (e *emitter) configText(t expr.Template, j *cjob, dj *compile.Job) (string, []*expr.Ref) {
	var b strings.Builder
	var shell []*expr.Ref
	for _, p := range t.Parts {
		if p.Ref == nil {
			b.WriteString(escapeParams(p.Lit))
			continue
		}
		v, ok := e.compileValue(p.Ref, j, dj)
		if !ok {
			shell = append(shell, p.Ref)
		}
		b.WriteString(v)
	}
	if len(shell) > 0 {
		return "", shell
	}
	return b.String(), nil
}

// paramLike matches text CircleCI would read as a << parameter >>.
var paramLike = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`<<[^>]*>>`) })

// escapeParams keeps CircleCI from reading literal text as a << parameter >>: CircleCI
// reads \<< as a literal <<. Other text (a heredoc's <<EOF) is left alone.
func escapeParams(s string) string {
	if !paramLike().MatchString(s) {
		return s
	}
	return strings.ReplaceAll(s, "<<", `\<<`)
}

// shellTemplate renders a template as the inside of a double-quoted sh string.
func (e *emitter) shellTemplate(t expr.Template, j *cjob, dj *compile.Job) string {
	var b strings.Builder
	for _, p := range t.Parts {
		if p.Ref != nil {
			b.WriteString(e.shellValueFor(p.Ref, j, dj))
		} else {
			b.WriteString(posix.QuoteInDouble(p.Lit))
		}
	}
	return b.String()
}
