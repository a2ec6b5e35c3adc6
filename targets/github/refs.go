package github

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/pipec-dev/pipec/compile"
	"github.com/pipec-dev/pipec/compile/expr"
	"github.com/pipec-dev/pipec/compile/model"
	"github.com/pipec-dev/pipec/targets"
)

// ciExprs maps ci.* to GitHub expressions. ci.branch is the branch being built: on a pull
// request its head branch, on a tag push nothing.
var ciExprs = map[string]string{
	"commit_sha": "github.sha",
	"branch":     "(github.head_ref || (github.ref_type == 'branch' && github.ref_name || ''))",
	"tag":        "(github.ref_type == 'tag' && github.ref_name || '')",
	"ref":        "github.ref",
	"event":      "(github.event_name == 'workflow_dispatch' && 'manual' || github.event_name)",
	"pr_number":  "github.event.pull_request.number",
	"run_id":     "github.run_id",
	"run_number": "github.run_number",
	"run_url":    "format('{0}/{1}/actions/runs/{2}', github.server_url, github.repository, github.run_id)",
	"repository": "github.repository",
	"actor":      "github.actor",
	"workspace":  "github.workspace",
	// short_sha has no expression (GitHub expressions cannot cut strings): the job's
	// context step computes it into the environment.
	"short_sha": "env.PIPEC_CI_SHORT_SHA",
}

// eventNames maps ci.event values to github.event_name.
var eventNames = map[string]string{
	"push": "push", "pull_request": "pull_request", "schedule": "schedule", "manual": "workflow_dispatch",
}

// vaultStepID is the id of the step that reads a job's Vault secrets.
const vaultStepID = "pipec-vault"

// refExpr renders a reference as a GitHub expression (without ${{ }}) for job j.
func (e *emitter) refExpr(r *expr.Ref, j *compile.Job) string {
	switch r.Root() {
	case "ci":
		return ciExprs[r.Path[1]]
	case "matrix":
		return "matrix." + r.Path[1]
	case "input":
		return e.inputExpr(r.Path[1])
	case "secret":
		name := r.Path[1]
		if s := e.plan.Secret(name); s != nil && s.Vault != nil {
			return "steps." + vaultStepID + ".outputs." + targets.EnvName(name)
		}
		return "secrets." + targets.EnvName(name)
	case "stage":
		up := e.plan.Final(r.Path[1])
		return "needs." + e.ids[up] + ".outputs." + r.Path[3]
	case "deploy":
		d := j.Deploy
		switch r.Path[1] {
		case "weight":
			return fmt.Sprint(d.Weight)
		case "slot":
			return quote(d.Slot)
		case "batch":
			if j.Role == compile.RoleMain {
				return "matrix.batch"
			}
			// The rollback job runs once, after the batches: it has no matrix, and
			// rolls back the stage as a whole, batch 0 as on GitLab (a canary's
			// rollback reads weight 0 the same way).
			return "0"
		case "environment":
			return quote(d.Environment.Name)
		case "url":
			if d.Environment.URL != nil {
				return quote(d.Environment.URL.Value)
			}
			return "''"
		}
	}
	panic("github: unchecked reference " + r.String())
}

// quote renders a GitHub expression string literal. GitHub's parser skips a "}}" inside a
// string literal, but other readers of the workflow (actionlint, and so pipec lint) end
// the expression there: text holding "}}" is written as format('{0}{1}', 'a }', '} b'),
// split between the braces, so no "}}" appears in the expression.
func quote(s string) string {
	if !strings.Contains(s, "}}") {
		return quoteLit(s)
	}
	var f, args strings.Builder
	n, start := 0, 0
	piece := func(end int) {
		fmt.Fprintf(&f, "{%d}", n)
		args.WriteString(", " + quoteLit(s[start:end]))
		n, start = n+1, end
	}
	for i := 1; i < len(s); i++ {
		if s[i] == '}' && s[i-1] == '}' {
			piece(i)
		}
	}
	piece(len(s))
	return "format('" + f.String() + "'" + args.String() + ")"
}

func quoteLit(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// ghText makes user text safe where GitHub evaluates ${{ }}: a literal "${{" becomes an
// expression that yields it, so user text is never evaluated.
func ghText(s string) string {
	return strings.ReplaceAll(s, "${{", "${{ '${{' }}")
}

// valueExpr renders a template where GitHub evaluates expressions (env values, with:,
// container images): literal text escaped, references as ${{ expr }}.
func (e *emitter) valueExpr(t expr.Template, j *compile.Job) string {
	var b strings.Builder
	for _, p := range t.Parts {
		if p.Ref != nil {
			b.WriteString(e.refEnvValue(p.Ref, j))
		} else {
			b.WriteString(ghText(p.Lit))
		}
	}
	return b.String()
}

// script renders a run script: each reference becomes a shell variable read from the
// step's env, so attacker-controlled text (a branch name, a PR title) is data to the
// shell, never code. It returns the script and the variables it reads, sorted. The
// script's literal "${{" is not escaped yet: the caller escapes the whole run text with
// ghText once it is final, since a retry wrapper quotes the script again (PowerShell
// doubles the quotes of an escape written before).
func (e *emitter) script(st *model.Step, shell string, j *compile.Job) (string, []*expr.Ref) {
	var b strings.Builder
	for _, p := range st.Run.Parts {
		if p.Ref == nil {
			b.WriteString(p.Lit)
			continue
		}
		v := targets.RefVar(p.Ref)
		if p.Ref.String() == "ci.workspace" {
			// github.workspace is the runner's path, which a container job mounts
			// elsewhere; the runner sets GITHUB_WORKSPACE right in both.
			v = "GITHUB_WORKSPACE"
		}
		switch shell {
		case "pwsh", "powershell":
			b.WriteString("$env:" + v)
		default:
			b.WriteString("${" + v + "}")
		}
	}
	refs := targets.ScriptRefs(st.Run)
	return b.String(), refs
}

// envMap renders an env map in source order, then the PIPEC_* variables that carry
// script references, sorted by name.
func (e *emitter) envMap(env []*model.EnvVar, refs []*expr.Ref, j *compile.Job) targets.Map {
	var m targets.Keyed // one key per variable: Set on a Map scans every key
	for _, v := range env {
		m.Set(v.Name, e.valueExpr(v.Value, j))
	}
	return e.withRefVars(m, refs, j)
}

// stepEnvMap renders a step's env. In a container job github.workspace is the runner's
// path, which the container mounts elsewhere, and GitHub translates it only in
// working-directory, not in env values: there ci.workspace reads the container's path,
// which the job's context step copies from GITHUB_WORKSPACE into the environment.
func (e *emitter) stepEnvMap(env []*model.EnvVar, refs []*expr.Ref, j *compile.Job) targets.Map {
	var m targets.Keyed
	for _, v := range env {
		var b strings.Builder
		for _, p := range v.Value.Parts {
			switch {
			case p.Ref == nil:
				b.WriteString(ghText(p.Lit))
			case p.Ref.String() == "ci.workspace" && j.Image != nil:
				b.WriteString("${{ env." + workspaceVar + " }}")
			default:
				b.WriteString(e.refEnvValue(p.Ref, j))
			}
		}
		m.Set(v.Name, b.String())
	}
	return e.withRefVars(m, refs, j)
}

// workspaceVar holds ci.workspace in a container job's environment.
const workspaceVar = "PIPEC_CI_WORKSPACE"

// withRefVars adds the PIPEC_* variables that carry script references, sorted by name.
func (e *emitter) withRefVars(m targets.Keyed, refs []*expr.Ref, j *compile.Job) targets.Map {
	for _, r := range refs {
		if r.Root() == "ci" && (r.Path[1] == "short_sha" || r.Path[1] == "workspace") {
			continue // already in the environment: the context step or the runner set it
		}
		m.Set(targets.RefVar(r), e.refEnvValue(r, j))
	}
	return m.Map()
}

// refEnvValue is the env value that carries a reference into a script. The strategy's
// fixed positions are written as plain text; everything else is an expression.
func (e *emitter) refEnvValue(r *expr.Ref, j *compile.Job) string {
	if r.Root() == "deploy" && (r.Path[1] != "batch" || j.Role != compile.RoleMain) {
		d := j.Deploy
		switch r.Path[1] {
		case "batch":
			return "0"
		case "weight":
			return fmt.Sprint(d.Weight)
		case "slot":
			return d.Slot
		case "environment":
			return ghText(d.Environment.Name)
		case "url":
			if d.Environment.URL != nil {
				return ghText(d.Environment.URL.Value)
			}
			return ""
		}
	}
	return "${{ " + e.refExpr(r, j) + " }}"
}

// inputExpr reads a manual input. GitHub's inputs context is empty in runs that
// workflow_dispatch did not start, where GitLab, CircleCI and Azure give every input its
// default; so when other triggers start the workflow, an input reads as its default
// outside a manual run. toJSON keeps false, 0 and "" truthy through the || (a plain
// `inputs.x || default` would turn a chosen false into the default), and fromJSON gives
// back the typed value.
func (e *emitter) inputExpr(name string) string {
	plain := "inputs." + name
	on := e.plan.Pipeline.On
	if on == nil || on.Manual == nil || (on.Push == nil && on.PullRequest == nil && len(on.Schedules) == 0) {
		return plain
	}
	for _, in := range on.Manual.Inputs {
		if in.Name != name {
			continue
		}
		var js string
		switch v := targets.InputDefault(in).(type) {
		case bool:
			js = fmt.Sprint(v)
		case targets.RawNumber:
			js = string(v)
		case string:
			b, _ := json.Marshal(v) // a string always marshals
			js = string(b)
		default:
			panic(fmt.Sprintf("github: input default of type %T", v))
		}
		return "fromJSON(github.event_name == 'workflow_dispatch' && toJSON(" + plain + ") || " + quote(js) + ")"
	}
	return plain
}
