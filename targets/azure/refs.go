package azure

import (
	"fmt"
	"strings"

	"github.com/pipec-dev/pipec/compile"
	"github.com/pipec-dev/pipec/compile/expr"
	"github.com/pipec-dev/pipec/compile/model"
	"github.com/pipec-dev/pipec/targets"
)

// ciMacros are the ci values Azure always defines, as macros; Azure replaces $(X) in an
// env value with the variable's value before the step starts, and the script reads it
// as data.
var ciMacros = map[string]string{
	"commit_sha": "$(Build.SourceVersion)",
	"ref":        "$(Build.SourceBranch)",
	"run_id":     "$(Build.BuildId)",
	"run_number": "$(Build.BuildNumber)",
	"repository": "$(Build.Repository.Name)",
	"actor":      "$(Build.RequestedFor)",
	"workspace":  "$(Build.SourcesDirectory)",
}

// ciContext are the ci values Azure has no variable for (or defines only on some runs,
// where an undefined macro would stay as literal text): the job's context step computes
// them into variables of these names.
var ciContext = map[string]string{
	"short_sha": `"${BUILD_SOURCEVERSION:0:8}"`,
	"branch":    `"$pipec_branch"`,
	"tag":       `"$pipec_tag"`,
	"event":     `"$pipec_event"`,
	"pr_number": `"${SYSTEM_PULLREQUEST_PULLREQUESTNUMBER:-}"`,
	"run_url":   `"${SYSTEM_COLLECTIONURI:-}${SYSTEM_TEAMPROJECT:-}/_build/results?buildId=${BUILD_BUILDID:-}"`,
}

// contextScript computes the ci values in names (keys of ciContext) into variables.
func contextScript(names []string) string {
	var b strings.Builder
	b.WriteString("set -eo pipefail\n")
	b.WriteString(`pipec_ref="${BUILD_SOURCEBRANCH:-}"` + "\n")
	b.WriteString("pipec_branch=\npipec_tag=\n")
	b.WriteString(`case "$pipec_ref" in refs/heads/*) pipec_branch="${pipec_ref#refs/heads/}";; refs/tags/*) pipec_tag="${pipec_ref#refs/tags/}";; esac` + "\n")
	// On a pull request ci.branch is the head branch, as on the other targets.
	b.WriteString(`if [ -n "${SYSTEM_PULLREQUEST_SOURCEBRANCH:-}" ]; then pipec_branch="${SYSTEM_PULLREQUEST_SOURCEBRANCH#refs/heads/}"; fi` + "\n")
	b.WriteString(`case "${BUILD_REASON:-}" in PullRequest) pipec_event=pull_request;; Schedule) pipec_event=schedule;; Manual) pipec_event=manual;; *) pipec_event=push;; esac` + "\n")
	for _, n := range names {
		if outsiderCI[n] {
			fmt.Fprintf(&b, "pipec_v=%s\n%s", ciContext[n], encodeShell("pipec_v"))
			fmt.Fprintf(&b, "echo \"##vso[task.setvariable variable=%s]$pipec_v\"\n", ciVar(n))
			continue
		}
		fmt.Fprintf(&b, "echo \"##vso[task.setvariable variable=%s]%s\"\n", ciVar(n), strings.Trim(ciContext[n], `"`))
	}
	return b.String()
}

// Azure replaces $(NAME) in env and variable values with variable NAME's value, also
// where the text came from a template expression or from another variable, and with no
// escape. A value an outsider chooses (a branch or tag name, a string input, a stage
// output, which scripts compute from such values) could name a secret that way and have
// it delivered to the script. Those values travel percent-encoded ('%' as %25, '$' as
// %24), so they never hold a macro; each step decodes them before its script runs.

// outsiderCI are the context ci values an outsider names.
var outsiderCI = map[string]bool{"branch": true, "tag": true}

// encoded reports whether a reference's value travels percent-encoded.
func (e *emitter) encoded(r *expr.Ref) bool {
	switch r.Root() {
	case "ci":
		return outsiderCI[r.Path[1]]
	case "stage":
		return true
	case "input":
		t := e.input(r.Path[1]).Type.Value
		return t == "" || t == model.InputString
	}
	return false
}

// encodeText percent-encodes literal text that joins encoded values in one env value.
func encodeText(s string) string { return textEncoder.Replace(s) }

var textEncoder = strings.NewReplacer("%", "%25", "$", "%24")

// encodeShell is a shell line that percent-encodes the variable v in place.
func encodeShell(v string) string {
	return fmt.Sprintf("%[1]s=\"${%[1]s//%%/%%25}\"; %[1]s=\"${%[1]s//\\$/%%24}\"\n", v)
}

// decodeLines undoes the encoding of the named environment variables at the start of a
// script in the step's shell.
func decodeLines(shell string, vars []string) string {
	var b strings.Builder
	for _, v := range vars {
		switch shell {
		case "pwsh", "powershell":
			fmt.Fprintf(&b, "if ($env:%[1]s) { $env:%[1]s = $env:%[1]s.Replace('%%24', '$').Replace('%%25', '%%') }\n", v)
		default:
			fmt.Fprintf(&b, "%[1]s=\"${%[1]s//%%24/\\$}\"; %[1]s=\"${%[1]s//%%25/%%}\"\n", v)
		}
	}
	return b.String()
}

func ciVar(name string) string { return "PIPEC_CI_" + targets.EnvName(name) }

// matrixVar is the leg variable that carries a matrix value.
func matrixVar(key string) string { return "PIPEC_MATRIX_" + targets.EnvName(key) }

// inputVar is the pipeline variable that carries an input into conditions.
func inputVar(name string) string { return "PIPEC_INPUT_" + targets.EnvName(name) }

// outputVar is the job variable that carries an upstream stage's output.
func outputVar(stage, key string) string {
	return "PIPEC_STAGE_" + targets.EnvName(stage) + "_OUTPUTS_" + targets.EnvName(key)
}

// outputsStep names the step that publishes a stage's outputs as output variables.
const outputsStep = "pipec_outputs"

// escapeText keeps Azure from evaluating literal text: the template engine reads ${{ }}
// anywhere in the file, so a literal "${{" becomes an expression that yields it.
func escapeText(s string) string { return strings.ReplaceAll(s, "${{", "${{ '${{' }}") }

// hook is where a step runs: the job of a plain stage, or a deployment's lifecycle hook.
type hook struct {
	s    *astage
	name string       // "", deploy, routeTraffic, postRouteTraffic, on.failure
	job  *compile.Job // the plan job whose deploy position the steps see
}

// envValue renders a reference as a step env value, or false when it cannot be one
// (a Vault secret: the script reads it).
func (e *emitter) envValue(r *expr.Ref, h hook, st *compile.Step) (string, bool) {
	switch r.Root() {
	case "ci":
		if m, ok := ciMacros[r.Path[1]]; ok {
			return m, true
		}
		return "$(" + ciVar(r.Path[1]) + ")", true
	case "matrix":
		return "$(" + matrixVar(r.Path[1]) + ")", true
	case "input":
		in := e.input(r.Path[1])
		if e.encoded(r) {
			return "${{ replace(replace(parameters." + in.Name + ", '%', '%25'), '$', '%24') }}", true
		}
		return inputParam(in), true
	case "secret":
		s := e.secret(r.Path[1])
		if s.Vault != nil {
			return "", false
		}
		return "$(" + targets.EnvName(s.Name) + ")", true
	case "stage":
		return "$(" + outputVar(r.Path[1], r.Path[3]) + ")", true
	case "deploy":
		return e.deployValue(r, h, st), true
	}
	panic("azure: unchecked reference " + r.String())
}

// inputParam reads a runtime parameter where Azure inserts it as a value: booleans as
// "true"/"false", as on the other targets (Azure writes True/False).
func inputParam(in *model.Input) string {
	if in.Type.Value == model.InputBoolean {
		return "${{ lower(parameters." + in.Name + ") }}"
	}
	return "${{ parameters." + in.Name + " }}"
}

// deployValue is a deploy.* value in hook h. Canary weights and rolling batches change
// inside the one deployment job: Azure's own variables carry them.
func (e *emitter) deployValue(r *expr.Ref, h hook, st *compile.Step) string {
	d := h.job.Deploy
	main := st.Phase == compile.PhaseMain || st.Phase == compile.PhaseVerify
	switch r.Path[1] {
	case "weight":
		if d.Strategy == model.StrategyCanary && main {
			return "$(strategy.increment)"
		}
		return fmt.Sprint(d.Weight)
	case "slot":
		return d.Slot
	case "batch":
		// Azure runs a rolling deploy's hooks, on: failure included, on each machine in
		// turn: its rollback undoes that machine, as CircleCI's undoes its batch.
		if d.Strategy == model.StrategyRolling {
			if e.warned["batch:"+h.s.name] {
				return "$(Environment.ResourceName)"
			}
			e.warned["batch:"+h.s.name] = true
			e.warnf(r.Range, "rolling-batch-is-resource", "Azure rolls out over the virtual machines of the environment, max_parallel at a time, and numbers no batches: deploy.batch is the name of the machine being deployed ($(Environment.ResourceName))", "deploy.batch is a machine name on Azure")
			return "$(Environment.ResourceName)"
		}
		return "0"
	case "environment":
		return escapeText(d.Environment.Name)
	case "url":
		if d.Environment.URL != nil {
			return escapeText(d.Environment.URL.Value)
		}
		return ""
	}
	return ""
}

func (e *emitter) secret(name string) *model.Secret {
	if s := e.plan.Secret(name); s != nil {
		return s
	}
	panic("azure: unchecked secret " + name)
}

func (e *emitter) input(name string) *model.Input {
	for _, in := range e.plan.Pipeline.On.Manual.Inputs {
		if in.Name == name {
			return in
		}
	}
	panic("azure: unchecked input " + name)
}

// template renders a template as an env or variable value: literal text escaped,
// references as Azure macros and parameters. ok is false when a reference cannot be
// written there (a Vault secret).
func (e *emitter) template(t expr.Template, h hook, st *compile.Step) (string, bool) {
	enc := e.encodedTemplate(t)
	var b strings.Builder
	for _, p := range t.Parts {
		if p.Ref == nil && enc {
			b.WriteString(encodeText(p.Lit))
			continue
		}
		if p.Ref == nil {
			b.WriteString(escapeText(p.Lit))
			continue
		}
		v, ok := e.envValue(p.Ref, h, st)
		if !ok {
			return "", false
		}
		b.WriteString(v)
	}
	return b.String(), true
}

// encodedTemplate reports whether a template's value travels percent-encoded: it holds a
// reference whose value does (the whole value is encoded, so one decoding restores it).
func (e *emitter) encodedTemplate(t expr.Template) bool {
	for _, r := range t.Refs() {
		if e.encoded(r) {
			return true
		}
	}
	return false
}

// perStep reports whether a pipeline or stage env value is given to each step instead of
// being a variable: it reads a value only the job computes, or one that travels encoded
// (only a step can decode it).
func (e *emitter) perStep(t expr.Template) bool { return usesContext(t) || e.encodedTemplate(t) }

// stepOnly reports whether a pipeline or stage env variable is given to each step's env
// instead of being an Azure variable: its value is per step (perStep), its name has
// lower-case letters or starts with a prefix Azure reserves, or its text starts like a
// runtime expression. Azure hands variables to scripts as environment variables named in
// upper case (variable foo is $FOO), while a step's env keeps the name as written; it
// hands scripts no variable with a reserved prefix at all; and it evaluates a variable
// whose value is `$[ ... ]` as a runtime expression, which it never does in a step's env.
func (e *emitter) stepOnly(v *model.EnvVar) bool {
	return e.perStep(v.Value) || v.Name != strings.ToUpper(v.Name) || reservedPrefix(v.Name) || runtimeLike(v.Value)
}

// reservedPrefixes start the names of variables Azure keeps from tasks and scripts
// ("any variable that begins with one of these strings (regardless of capitalization)
// won't be available to your tasks and scripts"): PATH_EXTRA or SECRET_KEY as a
// variable would never reach the script.
var reservedPrefixes = []string{"endpoint", "input", "secret", "path", "securefile"}

// reservedPrefix reports whether a variable name starts with a prefix Azure reserves.
func reservedPrefix(name string) bool {
	lower := strings.ToLower(name)
	for _, p := range reservedPrefixes {
		if strings.HasPrefix(lower, p) {
			return true
		}
	}
	return false
}

// runtimeLike reports whether a template's text starts with `$[`, which Azure would read
// as a runtime expression in a variable's value.
func runtimeLike(t expr.Template) bool {
	return len(t.Parts) > 0 && t.Parts[0].Ref == nil && runtimeLikeText(t.Parts[0].Lit)
}

func runtimeLikeText(s string) bool { return strings.HasPrefix(strings.TrimLeft(s, " \t\r\n"), "$[") }

// runtimeLikeValues reports matrix values that start with `$[`: each leg's values are
// variables of the job, which Azure would evaluate as runtime expressions (able to read
// any variable, System.AccessToken included), and a leg has no other place for them.
func (e *emitter) runtimeLikeValues(mx *model.Matrix) {
	check := func(v *model.Value) {
		if runtimeLikeText(v.Text()) {
			e.errorf(v.Range, "unsupported-character", "Azure sets a matrix leg's values as variables and evaluates a variable that starts with \"$[\" as a runtime expression; start the value otherwise", "matrix value %q cannot be written on Azure", v.Text())
		}
	}
	for _, a := range mx.Axes {
		for _, v := range a.Values {
			check(v)
		}
	}
	for _, c := range mx.Include {
		for _, kv := range c.Values {
			check(kv.Value)
		}
	}
}

// usesContext reports whether a template reads a ci value the context step computes.
func usesContext(t expr.Template) bool {
	for _, r := range t.Refs() {
		if r.Root() == "ci" {
			if _, ok := ciContext[r.Path[1]]; ok {
				return true
			}
		}
	}
	return false
}

// pipelineVariables are the pipeline's env (the values Azure can hold before any step
// runs) and the inputs conditions read.
func (e *emitter) pipelineVariables() targets.Map {
	var m targets.Keyed // one key per variable: Set on a Map scans every key
	for _, v := range e.plan.Pipeline.Env {
		if e.stepOnly(v) {
			continue // computed per step: see stepEnv
		}
		s, _ := e.template(v.Value, hook{}, nil)
		m.Set(v.Name, s)
	}
	for _, in := range e.condInputs() {
		m.Set(inputVar(in.Name), inputParam(in))
	}
	return m.Map()
}

// condInputs lists the inputs a stage condition reads, in declaration order.
func (e *emitter) condInputs() []*model.Input {
	used := map[string]bool{}
	for _, j := range e.plan.Jobs {
		for _, r := range expr.Refs(j.When) {
			if r.Root() == "input" {
				used[r.Path[1]] = true
			}
		}
	}
	var out []*model.Input
	if t := e.plan.Pipeline.On; t != nil && t.Manual != nil {
		for _, in := range t.Manual.Inputs {
			if used[in.Name] {
				out = append(out, in)
			}
		}
	}
	return out
}
