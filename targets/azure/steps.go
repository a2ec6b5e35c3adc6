package azure

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/pipec-dev/pipec/compile"
	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/expr"
	"github.com/pipec-dev/pipec/compile/model"
	"github.com/pipec-dev/pipec/targets"
	"github.com/pipec-dev/pipec/targets/posix"
)

// outputFile is where a job's steps write name=value lines ($PIPEC_OUTPUT).
const outputFile = "$(Agent.TempDirectory)/pipec-output"

// stagingDir holds an artifact's files, with their paths, before they are published.
const stagingDir = "$(Pipeline.Workspace)/pipec-artifacts/"

func bash(display, script string) targets.Map {
	return targets.Map{{Key: "bash", Value: script}, {Key: "displayName", Value: display}}
}

// prelude is what every job and lifecycle hook runs before the spec's steps: the
// checkout (deployment jobs do not check out by themselves), the ci values Azure has no
// variable for, the identity's login and the Vault login.
func (e *emitter) prelude(h hook, steps []*compile.Step) []any {
	out := []any{targets.Map{{Key: "checkout", Value: "self"}}}
	if j := h.s.first(); len(j.Services) > 0 && j.Image == nil {
		out = append(out, bash("pipec service hosts", targets.ServiceHosts(j.Services)))
	}
	if names := e.contextNames(h, steps); len(names) > 0 {
		out = append(out, bash("pipec context", contextScript(names)))
	}
	if id := h.s.first().Identity; id != nil {
		out = append(out, e.login(h.s, id)...)
	}
	if e.readsVault(steps) {
		e.vaultCLI(h.s)
		out = append(out, e.vaultToken(h.s))
	}
	return out
}

// contextNames lists the context ci values the steps (and the env they get) read.
func (e *emitter) contextNames(h hook, steps []*compile.Step) []string {
	used := map[string]bool{}
	var ts []expr.Template
	for _, st := range steps {
		ts = append(ts, stepTemplates(st)...)
	}
	if len(steps) > 0 {
		for _, v := range e.contextEnv(h) {
			ts = append(ts, v.Value)
		}
	}
	for _, t := range ts {
		for _, r := range t.Refs() {
			if r.Root() == "ci" {
				if _, ok := ciContext[r.Path[1]]; ok {
					used[r.Path[1]] = true
				}
			}
		}
	}
	var out []string
	for n := range used {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// contextEnv are the pipeline and stage variables that read context ci values or values
// that travel encoded (only the job computes or decodes those), and those whose names
// Azure would upper-case as variables (stepOnly): each step gets them in its env.
//
// In the on: failure hook the job's variables hold the deploy values of the strategy
// ($(strategy.increment), the green slot): the stage's variables that read deploy values
// go to each rollback step's env too, read at the rollback's, as its steps' own
// references are.
func (e *emitter) contextEnv(h hook) []*model.EnvVar {
	var out []*model.EnvVar
	for _, v := range targets.JobEnv(e.plan.Pipeline.Env, h.s.first().Env) {
		if e.stepOnly(v) {
			out = append(out, v)
		}
	}
	if h.job != nil && h.job.Role == compile.RoleRollback {
		for _, v := range targets.DeployEnv(h.s.first().Env, nil) {
			if !e.stepOnly(v) {
				out = append(out, v)
			}
		}
	}
	return out
}

// userStep renders a spec step. Every value the script reads arrives through the step's
// env: literal text and Azure's own variables, never a value pasted into the script.
func (e *emitter) userStep(h hook, st *compile.Step) targets.Map {
	shell := "bash"
	if st.Shell != nil {
		shell = st.Shell.Value
	}
	win := h.s.first().Runner.OS() == model.RunnerWindows
	var env targets.Keyed // one key per variable: Set on a Map scans every key
	var assigns []string  // Vault secrets, read by the script itself
	var decode []string   // env variables that arrive percent-encoded
	pre := ""             // the lines that decode them
	for _, v := range st.Env {
		if val, ok := e.template(v.Value, h, st); ok {
			env.Set(v.Name, val)
			if e.encodedTemplate(v.Value) {
				decode = append(decode, v.Name)
			}
		} else {
			assigns = append(assigns, fmt.Sprintf("%s=\"%s\"", v.Name, e.vaultTemplate(v.Value)))
		}
	}
	script, refs := e.script(st, shell)
	for _, r := range refs {
		if v, ok := e.envValue(r, h, st); ok {
			env.Set(targets.RefVar(r), v)
			if e.encoded(r) {
				decode = append(decode, targets.RefVar(r))
			}
		} else {
			assigns = append(assigns, fmt.Sprintf("%s=\"%s\"", targets.RefVar(r), e.vaultValue(r.Path[1])))
		}
	}
	own := map[string]bool{}
	keys := map[string]*model.EnvVar{} // the user's names in env, in upper case
	for _, v := range st.Env {
		own[v.Name] = true
		keys[strings.ToUpper(v.Name)] = v
	}
	for _, v := range e.contextEnv(h) {
		if own[v.Name] {
			continue // the step's own variable of that name wins
		}
		if other := keys[strings.ToUpper(v.Name)]; other != nil {
			// The step's own variable is the inner one; of the pipeline's and the
			// stage's, contextEnv lists the stage's last.
			if own[other.Name] {
				e.caseCollision(v, other)
			} else {
				e.caseCollision(other, v)
			}
			continue
		}
		keys[strings.ToUpper(v.Name)] = v
		val, _ := e.template(v.Value, h, st)
		env.Set(v.Name, val)
		if e.encodedTemplate(v.Value) {
			decode = append(decode, v.Name)
		}
	}
	if len(decode) > 0 {
		if shell == "cmd" {
			e.errorf(st.NameRange, "outsider-value-in-cmd", "on Azure, branch and tag names, string inputs and stage outputs reach a step percent-encoded (Azure would expand $(...) in them), and a cmd step cannot decode them; use a bash or pwsh step", "step %q reads a value a cmd step cannot decode on Azure", st.Name)
		}
		// Decoded by the step's own shell; sh and python scripts run from a file that the
		// bash wrapper starts after decoding (the variables stay exported).
		pre = decodeLines(shell, targets.Unique(decode))
	}
	if rt := h.s.first().Retries; rt != nil && rt.Value > 0 && st.Phase == compile.PhaseMain && len(h.s.first().Outputs) > 0 && h.name != "on.failure" {
		// retryCountOnTaskFailure reruns the step: a failed try's outputs are dropped first.
		pre = rerunMark(shell, fmt.Sprint(slices.Index(h.s.first().Steps, st))) + pre
	}
	if len(h.s.first().Outputs) > 0 && h.name != "on.failure" {
		env.Set("PIPEC_OUTPUT", outputFile)
	}
	if id := h.s.first().Identity; id != nil && id.OIDC != nil {
		// A secret variable reaches a script only when the step maps it.
		env.Set(id.OIDC.Env.Value, "$("+id.OIDC.Env.Value+")")
	}
	if len(assigns) > 0 {
		env.Set("VAULT_ADDR", escapeText(e.plan.Pipeline.Vault.Address.Value))
		env.Set(vaultJWT, "$("+vaultJWT+")")
		if shell != "bash" && shell != "sh" {
			e.errorf(st.NameRange, "vault-secret-shell", "pipec reads Vault secrets with the vault CLI in bash and sh steps on Azure; read it in a bash step and pass it on, or use a platform secret", "step %q reads a Vault secret in a %s step", st.Name, shell)
		}
		var names []string
		for _, a := range assigns {
			names = append(names, a[:strings.Index(a, "=")])
		}
		script = e.vaultLogin() + strings.Join(assigns, "\n") + "\n" + posix.VaultForget + maskLines(names...) + "export " + strings.Join(names, " ") + "\n" + script
	}

	var m targets.Map
	switch shell {
	case "pwsh":
		targets.Set(&m, "pwsh", pre+script)
	case "powershell":
		if win {
			targets.Set(&m, "powershell", pre+script)
		} else {
			targets.Set(&m, "pwsh", pre+script)
		}
	case "cmd":
		if !win {
			detail, summary := targets.CmdRunner(h.s.first().Runner)
			e.errorf(st.Shell.Range, "unsupported-shell", detail, "%s", summary)
		}
		targets.Set(&m, "script", script)
	case "python":
		targets.Set(&m, "bash", pre+fromFile(posix.Python(win), ".py", script))
	case "sh":
		targets.Set(&m, "bash", pre+fromFile("sh -e", ".sh", script))
	default:
		// Azure's bash step does not stop at a failing command by itself.
		targets.Set(&m, "bash", "set -eo pipefail\n"+pre+script)
	}
	targets.Set(&m, "displayName", escapeText(st.Name))
	if wd := st.WorkingDirectory; wd != nil {
		v, ok := e.template(*wd, h, st)
		if !ok {
			e.errorf(wd.Range, "secret-not-allowed", "a secret cannot name a directory", "working_directory cannot read a secret")
		}
		if e.encodedTemplate(*wd) {
			e.errorf(wd.Range, "outsider-value-in-directory", "on Azure, branch and tag names, string inputs and stage outputs reach a step percent-encoded (Azure would expand $(...) in them), and a working directory cannot be decoded; cd in the script instead", "working_directory cannot read this value on Azure")
		}
		targets.Set(&m, "workingDirectory", v)
	}
	if env := env.Map(); len(env) > 0 {
		targets.Set(&m, "env", env)
	}
	if st.Timeout != nil {
		targets.Set(&m, "timeoutInMinutes", st.Timeout.Minutes())
	}
	if st.ContinueOnError != nil && st.ContinueOnError.Value {
		targets.Set(&m, "continueOnError", true)
	}
	if rt := h.s.first().Retries; rt != nil && rt.Value > 0 && st.Phase == compile.PhaseMain {
		targets.Set(&m, "retryCountOnTaskFailure", rt.Value)
	}
	return m
}

// rerunMark is posix.OutputRerunMark in the step's own shell: PowerShell for pwsh and
// powershell steps, bash for the rest but cmd, which cannot cut a file short (a cmd
// step's failed try keeps its outputs; see docs/language.md).
func rerunMark(shell, key string) string {
	switch shell {
	case "cmd":
		return ""
	case "pwsh", "powershell":
		return fmt.Sprintf(`$pipec_mark = "$env:PIPEC_OUTPUT.try-%s"
if (Test-Path -LiteralPath $pipec_mark) {
  if (Test-Path -LiteralPath $env:PIPEC_OUTPUT) { $pipec_f = [IO.File]::Open($env:PIPEC_OUTPUT, 'Open'); $pipec_f.SetLength([long](Get-Content -LiteralPath $pipec_mark)); $pipec_f.Close() }
} elseif (Test-Path -LiteralPath $env:PIPEC_OUTPUT) { Set-Content -LiteralPath $pipec_mark -Value (Get-Item -LiteralPath $env:PIPEC_OUTPUT).Length } else { Set-Content -LiteralPath $pipec_mark -Value 0 }
`, key)
	}
	return posix.OutputRerunMark(key)
}

// maskLines registers the values of shell variables with Azure's log masking, line by
// line (Azure masks what is registered, and a value read at run time is not): Vault
// secrets and the Vault token.
func maskLines(vars ...string) string {
	var b strings.Builder
	for _, v := range vars {
		fmt.Fprintf(&b, "printf '%%s\\n' \"$%s\" | while IFS= read -r pipec_line; do if [ -n \"$pipec_line\" ]; then echo \"##vso[task.setsecret]$pipec_line\"; fi; done\n", v)
	}
	return b.String()
}

// fromFile runs a script with an interpreter from a file (sh, python): Azure has
// step types for bash, PowerShell and cmd only.
func fromFile(interp, ext, script string) string {
	return fmt.Sprintf("set -eo pipefail\npipec_step=\"$(mktemp)%s\"\n%s%s \"$pipec_step\"\n", ext, posix.HereDoc(`"$pipec_step"`, script), interp)
}

// script renders a run script for its shell: each reference becomes a read of its
// PIPEC_* variable, which the step's env carries. It returns the references, one per
// variable, sorted by variable.
func (e *emitter) script(st *compile.Step, shell string) (string, []*expr.Ref) {
	var b strings.Builder
	for _, p := range st.Run.Parts {
		if p.Ref == nil {
			b.WriteString(escapeText(p.Lit))
			continue
		}
		v := targets.RefVar(p.Ref)
		switch shell {
		case "pwsh", "powershell":
			b.WriteString("$env:" + v)
		default:
			b.WriteString("${" + v + "}")
		}
	}
	refs := targets.ScriptRefs(st.Run)
	s := b.String()
	if !strings.HasSuffix(s, "\n") {
		s += "\n"
	}
	return s, refs
}

// artifactName is unique in the run: STAGE_ARTIFACT, and the leg for a matrix.
func artifactName(s *astage, a *model.Artifact, l string) string {
	n := ident(s.spec.Name) + "_" + ident(a.Name)
	if l != "" {
		n += "_" + l
	}
	return n
}

// downloads restores the upstream artifacts the job reads at the paths they were
// collected from (every leg's files, merged, for a matrix).
func (e *emitter) downloads(j *compile.Job) []any {
	var out []any
	for _, u := range j.Consumes {
		from := e.byStage[u.From.Stage]
		legs := []string{""}
		if len(from.legs) > 0 {
			legs = nil
			for _, l := range from.legs {
				legs = append(legs, l.name)
			}
		}
		for _, l := range legs {
			out = append(out, targets.Map{
				{Key: "task", Value: "DownloadPipelineArtifact@2"},
				{Key: "displayName", Value: escapeText("Download artifact " + u.Artifact.Name + " from " + u.From.Stage.Name)},
				{Key: "inputs", Value: targets.Map{
					{Key: "buildType", Value: "current"},
					{Key: "artifactName", Value: artifactName(from, u.Artifact, l)},
					{Key: "targetPath", Value: "$(Build.SourcesDirectory)"},
				}},
			})
		}
	}
	return out
}

// publish collects the stage's artifacts with their paths and publishes them.
func (e *emitter) publish(s *astage, j *compile.Job) []any {
	final := s.mains[len(s.mains)-1]
	if s.sw != nil {
		final = s.sw
	}
	if len(final.Produces) == 0 {
		return nil
	}
	if st := s.strategy(); st == model.StrategyCanary || st == model.StrategyRolling {
		e.errorf(s.spec.Artifacts[0].NameRange, "artifact-in-strategy", "Azure repeats a canary's or a rolling deploy's hooks once per increment or machine, and one artifact name cannot be published twice; produce the artifact in a stage before the deployment", "a %s deployment cannot publish artifacts on Azure", st)
		return nil
	}
	var out []any
	for _, a := range final.Produces {
		if a.ExpireIn != nil {
			e.warnOnce(a.ExpireIn.Range, "artifact-retention", "Azure keeps pipeline artifacts as long as the run is retained (Project settings > Pipelines > Settings > Retention)", "artifact %q's expire_in is not applied on Azure", a.Name)
		}
		var paths []string
		for _, p := range a.Paths {
			paths = append(paths, escapeText(posix.Glob(p.Value)))
		}
		if len(paths) == 0 {
			continue
		}
		leg := ""
		if len(s.legs) > 0 {
			leg = "$(PIPEC_LEG)"
		}
		dir := stagingDir + ident(a.Name)
		script := "set -eo pipefail\n" + posix.CollectFiles(`"$PIPEC_STAGING"`, escapeText(a.Name), paths)
		step := bash(escapeText("Collect artifact "+a.Name), script)
		targets.Set(&step, "env", targets.Map{{Key: "PIPEC_STAGING", Value: dir}})
		out = append(out, step, targets.Map{
			{Key: "task", Value: "PublishPipelineArtifact@1"},
			{Key: "displayName", Value: escapeText("Publish artifact " + a.Name)},
			{Key: "inputs", Value: targets.Map{
				{Key: "targetPath", Value: dir},
				{Key: "artifact", Value: artifactName(s, a, leg)},
				{Key: "publishLocation", Value: "pipeline"},
			}},
		})
	}
	return out
}

// cache restores the stage's cache (Cache@2 saves it after the job), one task per path,
// keyed by the stage (or key), the OS, the leg and the key files' contents.
func (e *emitter) cache(s *astage) []any {
	c := s.first().Cache
	if c == nil {
		return nil
	}
	prefix := s.spec.Name
	if c.Key != nil {
		prefix = c.Key.Value
	}
	lit := func(v string) string {
		return `"` + cacheKeyPart.Replace(escapeText(v)) + `"`
	}
	base := []string{lit("v1"), lit(prefix), `"$(Agent.OS)"`}
	if len(s.legs) > 0 {
		base = append(base, `"$(PIPEC_LEG)"`)
	}
	var out []any
	if len(c.KeyFiles) > 0 {
		// Cache@2 fails the job when a file segment of its key names no file ("No
		// matching files found for pattern"), where GitHub's hashFiles and GitLab's
		// key:files leave a missing file out: a step lists the key files that exist and
		// their contents in one file, which always exists, and the key hashes that.
		var words []string
		for _, f := range c.KeyFiles {
			words = append(words, escapeText(posix.Glob(f.Value)))
		}
		out = append(out, bash("pipec cache key", fmt.Sprintf("set -eo pipefail\nshopt -s globstar nullglob\nfor f in %s; do [ -f \"$f\" ] || continue; printf '%%s\\n' \"$f\"; cat \"$f\"; done > \"$AGENT_TEMPDIRECTORY/%s\"\n", strings.Join(words, " "), cacheKeyFile)))
	}
	home := false
	for _, p := range c.Paths {
		// Cache@2 caches one directory and expands no wildcards: a directory's "/*" or
		// "/**" is the directory itself; any other glob cannot be cached.
		path := strings.TrimSuffix(strings.TrimSuffix(p.Value, "/**"), "/*")
		if strings.ContainsAny(path, "*?[") {
			e.warnOnce(p.Range, "cache-path-glob", "Azure's Cache@2 caches the directory it is given and expands no wildcards: name the directory that holds these files", "cache path %q is cached literally on Azure", p.Value)
		}
		if path == "~" || strings.HasPrefix(path, "~/") {
			// Azure's cache task does not expand ~: the path goes through the agent's home.
			path = "$(PIPEC_HOME)" + strings.TrimPrefix(path, "~")
			if !home {
				home = true
				out = append(out, bash("pipec cache home", "echo \"##vso[task.setvariable variable=PIPEC_HOME]$HOME\"\n"))
			}
		}
		restore := append(append([]string{}, base...), lit(p.Value))
		key := append([]string{}, restore...)
		if len(c.KeyFiles) > 0 {
			key = append(key, "$(Agent.TempDirectory)/"+cacheKeyFile)
		} else {
			key = append(key, `"$(Build.SourceVersion)"`)
		}
		out = append(out, targets.Map{
			{Key: "task", Value: "Cache@2"},
			{Key: "displayName", Value: escapeText("Cache " + p.Value)},
			{Key: "inputs", Value: targets.Map{
				{Key: "key", Value: strings.Join(key, " | ")},
				{Key: "restoreKeys", Value: strings.Join(restore, " | ") + "\n"},
				{Key: "path", Value: escapeText(path)},
			}},
		})
	}
	return out
}

// outputs publishes the last value each step wrote for each stage output as an output
// variable of the step named pipec_outputs, which later stages read.
func (e *emitter) outputs(s *astage, j *compile.Job) []any {
	if len(j.Outputs) == 0 {
		return nil
	}
	if st := s.strategy(); st == model.StrategyCanary || st == model.StrategyRolling {
		e.errorf(j.Outputs[0].Range, "outputs-in-strategy", "Azure names a canary's or a rolling deploy's output variables after each increment or machine, which later stages cannot know; compute the outputs in a stage before the deployment", "a %s deployment cannot hand on outputs on Azure", st)
		return nil
	}
	var b strings.Builder
	b.WriteString("set -eo pipefail\ntouch \"$PIPEC_OUTPUT\"\n")
	if targets.WindowsPowerShell(j) {
		b.WriteString(targets.OutputToUTF8(`"$PIPEC_OUTPUT"`))
	}
	for _, o := range j.Outputs {
		fmt.Fprintf(&b, "v=\"$(%s)\"\n%secho \"##vso[task.setvariable variable=%s;isOutput=true]$v\"\n", targets.LastOutput(o.Value, `"$PIPEC_OUTPUT"`), encodeShell("v"), o.Value)
	}
	step := bash("pipec outputs", b.String())
	targets.Set(&step, "name", outputsStep)
	targets.Set(&step, "env", targets.Map{{Key: "PIPEC_OUTPUT", Value: outputFile}})
	return []any{step}
}

// cacheKeyFile holds the cache's key files and their contents, in the agent's temporary
// directory (emptied for every job).
const cacheKeyFile = "pipec-cache-key"

// cacheKeyPart makes a value a Cache@2 key segment: no quotes, no "|" (the segment
// separator). Built once rather than per key.
var cacheKeyPart = strings.NewReplacer(`"`, "", "|", "_")

// caseCollision reports two env variables of different blocks (pipeline, stage, step)
// whose names differ only by case and that one step's env would hold: Azure reads a
// mapping's keys without case and refuses the file ("'X' is already defined"), and
// Windows has one variable for both. It is reported once, at the inner variable (the
// step's, or the stage's against the pipeline's).
func (e *emitter) caseCollision(outer, inner *model.EnvVar) {
	key := "case:" + inner.NameRange.String()
	if e.warned[key] {
		return
	}
	e.warned[key] = true
	d := e.diags.Errorf(inner.NameRange, "name-collision", fmt.Sprintf("Azure gives both to the step in one env mapping, whose keys it reads without case, so it would refuse the file; use one spelling (%q or %q) in both places", outer.Name, inner.Name), "variables %q and %q collide on Azure Pipelines", outer.Name, inner.Name)
	d.Target = target
	d.Related = append(d.Related, diag.Note{Message: "the other one", Subject: outer.NameRange})
}
