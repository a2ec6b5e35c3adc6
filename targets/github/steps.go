package github

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/pipec-dev/pipec/compile"
	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/expr"
	"github.com/pipec-dev/pipec/compile/model"
	"github.com/pipec-dev/pipec/targets"
	"github.com/pipec-dev/pipec/targets/posix"
)

func uses(name string, a Action, with targets.Map) targets.Map {
	m := targets.Map{{Key: "name", Value: name}, {Key: "uses", Value: a.uses()}}
	if len(with) > 0 {
		m = append(m, targets.Item{Key: "with", Value: with})
	}
	return m
}

func (e *emitter) steps(j *compile.Job) []any {
	var out []any
	// The token is not kept in .git/config: later steps (and uploaded artifacts) must not
	// be able to read it.
	out = append(out, uses("Check out", actCheckout, targets.Map{{Key: "persist-credentials", Value: false}}))
	rb := e.rollbackOf(j)
	if ctx := e.contextScript(j, rb); ctx != "" {
		out = append(out, shStep(j, targets.Map{{Key: "name", Value: "pipec context"}}, ctx))
	}
	if len(j.Services) > 0 && j.Image == nil {
		out = append(out, targets.Map{{Key: "name", Value: "pipec service hosts"}, {Key: "run", Value: targets.ServiceHosts(j.Services)}})
	}
	if j.Identity != nil {
		out = append(out, e.identitySteps(j)...)
	}
	if e.usesVault(j) {
		out = append(out, e.vaultStep(j))
	}
	if j.Cache != nil {
		out = append(out, e.cacheStep(j))
	}
	for _, u := range j.Consumes {
		out = append(out, e.downloadStep(u))
	}
	for _, st := range j.Steps {
		out = append(out, e.userStep(j, st))
	}
	for _, a := range j.Produces {
		out = append(out, e.stageArtifact(j, a), e.uploadStep(j, a))
	}
	if len(j.Produces) > 0 {
		e.artifactWithoutBash(j)
	}
	if len(j.Outputs) > 0 {
		out = append(out, shStep(j, targets.Map{{Key: "name", Value: "pipec outputs"}, {Key: "id", Value: "pipec-outputs"}}, collectOutputs(j)))
	}
	if rb != nil {
		// The cell's own rollback: it runs when a step of this cell failed, or when the
		// cell was cancelled (its timeout included) part way, and reads
		// the cell's matrix values.
		for _, st := range rb.Steps {
			step := e.userStep(rb, st)
			step = append(targets.Map{step[0], {Key: "if", Value: "${{ failure() || cancelled() }}"}}, step[1:]...)
			out = append(out, step)
		}
	}
	return out
}

// shStep is a generated step whose script is POSIX sh. In a job's container it runs in
// sh, since the image may have no bash (alpine), which GitHub's default shell needs; job
// containers run on Linux only, where sh always exists. Elsewhere it runs in GitHub's
// default shell (bash), as GitHub refuses shell: sh on Windows.
func shStep(j *compile.Job, step targets.Map, run string) targets.Map {
	if j.Image != nil {
		step = append(step, targets.Item{Key: "shell", Value: "sh"})
	}
	return append(step, targets.Item{Key: "run", Value: run})
}

// contextScript exports what GitHub expressions cannot compute: the short SHA (8
// characters, as GitLab's), a container job's workspace path, and the file steps write
// outputs to, in POSIX sh (shStep). rb is the rollback whose steps run in the job, or
// nil.
func (e *emitter) contextScript(j, rb *compile.Job) string {
	var lines []string
	if e.usesRef(j, "ci.short_sha") || rb != nil && e.usesRef(rb, "ci.short_sha") {
		// POSIX sh has no ${v::8}: drop what follows the first 8 characters.
		lines = append(lines, `echo "PIPEC_CI_SHORT_SHA=${GITHUB_SHA%"${GITHUB_SHA#????????}"}" >> "$GITHUB_ENV"`)
	}
	if j.Image != nil && (e.envUsesWorkspace(j) || rb != nil && e.envUsesWorkspace(rb)) {
		lines = append(lines, `echo "`+workspaceVar+`=$GITHUB_WORKSPACE" >> "$GITHUB_ENV"`)
	}
	if len(j.Stage.Outputs) > 0 {
		lines = append(lines, `echo "PIPEC_OUTPUT=$RUNNER_TEMP/pipec-output" >> "$GITHUB_ENV"`)
	}
	if len(lines) == 0 {
		return ""
	}
	return strings.Join(lines, "\n") + "\n"
}

// envUsesWorkspace reports whether a step's env of job j reads ci.workspace, its own or
// one it gets from the stage or the pipeline (jobEnv).
func (e *emitter) envUsesWorkspace(j *compile.Job) bool {
	if _, step := e.jobEnv(j); len(j.Steps) > 0 && slices.ContainsFunc(step, func(v *model.EnvVar) bool { return readsRef(v, "ci.workspace") }) {
		return true
	}
	for _, st := range j.Steps {
		for _, v := range st.Env {
			if readsRef(v, "ci.workspace") {
				return true
			}
		}
	}
	return false
}

// usesRef reports whether a step of job j reads ref, in its run, its env (its own or one
// it gets from the stage or the pipeline, jobEnv) or its working directory.
func (e *emitter) usesRef(j *compile.Job, ref string) bool {
	if _, step := e.jobEnv(j); len(j.Steps) > 0 && slices.ContainsFunc(step, func(v *model.EnvVar) bool { return readsRef(v, ref) }) {
		return true
	}
	for _, st := range j.Steps {
		ts := []expr.Template{st.Run}
		for _, v := range st.Env {
			ts = append(ts, v.Value)
		}
		if st.WorkingDirectory != nil {
			ts = append(ts, *st.WorkingDirectory)
		}
		for _, t := range ts {
			for _, r := range t.Refs() {
				if r.String() == ref {
					return true
				}
			}
		}
	}
	return false
}

func (e *emitter) userStep(j *compile.Job, st *compile.Step) targets.Map {
	m := targets.Map{{Key: "name", Value: ghText(st.Name)}}
	shell := "bash"
	if st.Shell != nil {
		shell = st.Shell.Value
	}
	if shell == "powershell" && j.Runner.OS() != "" && j.Runner.OS() != model.RunnerWindows {
		// Windows PowerShell exists on Windows only, and GitHub refuses the name
		// elsewhere; PowerShell 7 (pwsh) runs the same script there, as on the other
		// targets.
		shell = "pwsh"
	}
	run, refs := e.script(st.Step, shell, j)
	if j.Retries != nil && j.Retries.Value > 0 && st.Phase == compile.PhaseMain {
		run = e.retry(j, st, run, shell)
	}
	run = ghText(run)
	if !strings.HasSuffix(run, "\n") && strings.Contains(run, "\n") {
		run += "\n"
	}
	if st.WorkingDirectory != nil {
		targets.Set(&m, "working-directory", e.valueExpr(*st.WorkingDirectory, j))
	}
	switch {
	case shell == "sh" && j.Runner.OS() == model.RunnerWindows:
		// GitHub refuses the name sh on Windows, but Git for Windows' sh is on the
		// runner's PATH beside the bash GitHub's own bash shell runs: this is GitHub's
		// definition of sh, as a custom shell.
		targets.Set(&m, "shell", "sh -e {0}")
	case shell != "bash":
		targets.Set(&m, "shell", shell)
	}
	if st.Timeout != nil {
		targets.Set(&m, "timeout-minutes", st.Timeout.Minutes())
	}
	if st.ContinueOnError != nil && st.ContinueOnError.Value {
		targets.Set(&m, "continue-on-error", true)
	}
	env := st.Env
	if _, inherited := e.jobEnv(j); len(inherited) > 0 {
		targets.EnvCaseClashes(inherited, st.Env, e.caseClash)
		env = append(slices.Clip(inherited), st.Env...) // the step's own win
	}
	if env := e.stepEnvMap(env, refs, j); len(env) > 0 {
		targets.Set(&m, "env", env)
	}
	targets.Set(&m, "run", run)
	return m
}

// retry emulates a stage's retries: GitHub cannot re-run a job by itself, so each step
// runs again, up to the count. Each try runs the script as a child process, the way
// GitHub's own shell for the step would run it, so that it fails as it would without
// retries: a bash or sh script with -e in force (inside an `until` condition the shell
// would ignore -e and run on past a failing line), a PowerShell script with
// $ErrorActionPreference = 'stop' and its last exit code, a Python script by the same
// interpreter. cmd has no way to hold a script verbatim (it expands %VAR% and reads ^, &
// and | in any text it echoes to a file), so it stays an error.
//
// When the stage declares outputs, the lines a failed try wrote to $PIPEC_OUTPUT are
// dropped before the next try (the file is cut back to its size before the first), as
// a job retried whole starts without them; the last try's stay.
func (e *emitter) retry(j *compile.Job, st *compile.Step, run, shell string) string {
	n, outputs := j.Retries.Value, len(j.Outputs) > 0
	switch shell {
	case "bash", "sh":
		return shellRetry(run, shell, n, outputs)
	case "pwsh", "powershell":
		return pwshRetry(run, shell, n, outputs)
	case "python":
		return pythonRetry(run, n, outputs)
	}
	// The error points at the retries, which may come from defaults for many stages, so
	// it names the step and points at its shell too.
	d := e.diags.Errorf(j.Retries.Range, "unsupported-retries", "GitHub cannot retry a job; pipec retries bash, sh, pwsh, powershell and python steps: use one of those, or set retries = 0 on the stage",
		"retries cannot be applied to %s step %q of stage %q on GitHub", shell, st.Name, j.Stage.Name)
	d.Target = target
	if st.Shell != nil {
		d.Related = append(d.Related, diag.Note{Message: "the " + shell + " step", Subject: st.Shell.Range})
	}
	return run
}

// shellRetry writes the script to a file with a here-document and runs it in a child
// bash -eo pipefail (or sh -e) until it succeeds or has failed n+1 times. Those two
// interpreters read the same on every OS.
func shellRetry(run, shell string, n int, outputs bool) string {
	if !strings.HasSuffix(run, "\n") {
		run += "\n"
	}
	mark, restore := "", ""
	if outputs {
		mark, restore = posix.OutputMark+"\n", "  "+posix.OutputRestore+"\n"
	}
	return fmt.Sprintf("pipec_script=\"$RUNNER_TEMP/pipec-step-$$.sh\"\n%s%spipec_try=0\nuntil %s \"$pipec_script\"; do\n  pipec_try=$((pipec_try + 1))\n  if [ \"$pipec_try\" -gt %d ]; then exit 1; fi\n%s  echo \"pipec: retrying ($pipec_try of %d)\"\ndone\n",
		posix.HereDoc(`"$pipec_script"`, run), mark, posix.FileInterpreter(shell, false), n, restore, n)
}

// pwshRetry writes the script to a .ps1 file, between the lines GitHub puts around a pwsh
// or powershell step, and runs it as GitHub does ({0} being the file), `pwsh -command ".
// '{0}'"`, until it exits 0 or has failed n+1 times. The file's text is one single-quoted
// string, in which only quotes mean anything: PowerShell reads the typographic single
// quotes as quotes too, so each quote is doubled. The loop itself must not stop at the
// child's exit code, which PowerShell 7.4 could make an error under 'stop'.
func pwshRetry(run, shell string, n int, outputs bool) string {
	script := "$ErrorActionPreference = 'stop'\n" + strings.TrimSuffix(run, "\n") +
		"\nif ((Test-Path -LiteralPath variable:\\LASTEXITCODE)) { exit $LASTEXITCODE }\n"
	mark, restore := "", ""
	if outputs {
		mark = "$pipec_out_size = if (Test-Path -LiteralPath $env:PIPEC_OUTPUT) { (Get-Item -LiteralPath $env:PIPEC_OUTPUT).Length } else { 0 }\n"
		restore = "  if (Test-Path -LiteralPath $env:PIPEC_OUTPUT) { $pipec_f = [IO.File]::Open($env:PIPEC_OUTPUT, 'Open'); $pipec_f.SetLength($pipec_out_size); $pipec_f.Close() }\n"
	}
	return fmt.Sprintf(`$pipec_script = Join-Path $env:RUNNER_TEMP "pipec-step-$PID.ps1"
Set-Content -LiteralPath $pipec_script -Encoding utf8 -Value %s
$PSNativeCommandUseErrorActionPreference = $false
%s$pipec_try = 0
while ($true) {
  %s -command ". '$($pipec_script.Replace("'", "''"))'"
  if ($LASTEXITCODE -eq 0) { break }
  $pipec_try++
  if ($pipec_try -gt %d) { exit 1 }
%s  Write-Output "pipec: retrying ($pipec_try of %d)"
}
`, pwshQuote(script), mark, shell, n, restore, n)
}

// pwshQuote is s as a PowerShell single-quoted string.
func pwshQuote(s string) string {
	var b strings.Builder
	b.WriteByte('\'')
	for _, r := range s {
		switch r {
		case '\'', '\u2018', '\u2019', '\u201a', '\u201b':
			b.WriteRune(r)
		}
		b.WriteRune(r)
	}
	b.WriteByte('\'')
	return b.String()
}

// pythonRetry writes the script to a .py file and runs it with the interpreter of the
// step (GitHub runs `python {0}`) until it exits 0 or has failed n+1 times.
func pythonRetry(run string, n int, outputs bool) string {
	if !strings.HasSuffix(run, "\n") {
		run += "\n"
	}
	mark, restore := "", ""
	if outputs {
		mark = "pipec_out = os.environ[\"PIPEC_OUTPUT\"]\npipec_out_size = os.path.getsize(pipec_out) if os.path.exists(pipec_out) else 0\n"
		restore = "        if os.path.exists(pipec_out):\n            os.truncate(pipec_out, pipec_out_size)\n"
	}
	return fmt.Sprintf(`import os, subprocess, sys
pipec_script = os.path.join(os.environ["RUNNER_TEMP"], "pipec-step-%%d.py" %% os.getpid())
with open(pipec_script, "w", encoding="utf-8", newline="\n") as f:
    f.write(%s)
%sfor pipec_try in range(%d):
    if pipec_try:
%s        print("pipec: retrying (%%d of %d)" %% pipec_try, flush=True)
    if subprocess.call([sys.executable, pipec_script]) == 0:
        sys.exit(0)
sys.exit(1)
`, pythonQuote(run), mark, n+1, restore, n)
}

// pythonQuote is s as a Python string literal that keeps its lines readable: a
// triple-quoted string starting with a line continuation, in which backslashes and double
// quotes are escaped, and control characters other than tab and newline.
func pythonQuote(s string) string {
	var b strings.Builder
	b.WriteString(`"""\` + "\n")
	for _, r := range s {
		switch {
		case r == '\\' || r == '"':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteString(`"""`)
	return b.String()
}

func (e *emitter) identitySteps(j *compile.Job) []any {
	id := j.Identity
	switch {
	case id.AWS != nil:
		with := targets.Map{
			{Key: "role-to-assume", Value: ghText(id.AWS.RoleARN.Value)},
			{Key: "aws-region", Value: ghText(id.AWS.Region.Value)},
		}
		if id.AWS.Audience != nil {
			with = append(with, targets.Item{Key: "audience", Value: ghText(id.AWS.Audience.Value)})
		}
		return []any{uses("Assume AWS role ("+id.Name+")", actAWS, with)}
	case id.GCP != nil:
		with := targets.Map{
			{Key: "workload_identity_provider", Value: ghText(id.GCP.WorkloadIdentityProvider.Value)},
			{Key: "service_account", Value: ghText(id.GCP.ServiceAccount.Value)},
		}
		if id.GCP.Audience != nil {
			with = append(with, targets.Item{Key: "audience", Value: ghText(id.GCP.Audience.Value)})
		}
		return []any{uses("Authenticate to Google Cloud ("+id.Name+")", actGCP, with)}
	case id.Azure != nil:
		with := targets.Map{
			{Key: "client-id", Value: ghText(id.Azure.ClientID.Value)},
			{Key: "tenant-id", Value: ghText(id.Azure.TenantID.Value)},
		}
		if id.Azure.SubscriptionID != nil {
			with = append(with, targets.Item{Key: "subscription-id", Value: ghText(id.Azure.SubscriptionID.Value)})
		} else {
			with = append(with, targets.Item{Key: "allow-no-subscriptions", Value: true})
		}
		e.azureLoginInImage(j)
		return []any{uses("Log in to Azure ("+id.Name+")", actAzure, with)}
	case id.OIDC != nil:
		// The token is masked before it reaches the environment; the audience travels in
		// an environment variable, never pasted into the script. The script is POSIX sh
		// and stops when curl fails or the answer holds no token (sh has no pipefail to
		// tell it), so that it runs in sh in a job's container, whose image may have no
		// bash (curlimages/curl), as the stage's own sh steps do.
		script := `pipec_answer=$(curl -sSf -H "Authorization: bearer $ACTIONS_ID_TOKEN_REQUEST_TOKEN" -G --data-urlencode "audience=$PIPEC_OIDC_AUDIENCE" "$ACTIONS_ID_TOKEN_REQUEST_URL")
token=$(printf '%s' "$pipec_answer" | sed -E 's/.*"value":"([^"]+)".*/\1/')
case $token in ''|*[!A-Za-z0-9._-]*) echo "pipec: no OIDC token in GitHub's answer" >&2; exit 1 ;; esac
echo "::add-mask::$token"
echo "` + id.OIDC.Env.Value + `=$token" >> "$GITHUB_ENV"
`
		step := targets.Map{{Key: "name", Value: "Get OIDC token (" + id.Name + ")"}}
		if j.Image != nil {
			// Job containers run on Linux only, where sh always exists.
			step = append(step, targets.Item{Key: "shell", Value: "sh"})
		}
		return []any{append(step,
			targets.Item{Key: "env", Value: targets.Map{{Key: "PIPEC_OIDC_AUDIENCE", Value: ghText(id.OIDC.Audience.Value)}}},
			targets.Item{Key: "run", Value: script},
		)}
	}
	panic("github: identity without provider")
}

// vaultStep reads the job's Vault secrets into step outputs (masked), not into the
// environment: each step gets only the secrets it references.
func (e *emitter) vaultStep(j *compile.Job) targets.Map {
	v := e.plan.Pipeline.Vault
	var lines []string
	for _, s := range e.secrets(j) {
		if s.Vault != nil {
			lines = append(lines, ghText(fmt.Sprintf("%s %s | %s ;", s.Vault.Path.Value, vaultSelector(s.Vault.Field.Value), targets.EnvName(s.Name))))
		}
	}
	aud := v.Address.Value
	if v.Audience.Value != "" {
		aud = v.Audience.Value
	}
	with := targets.Map{
		{Key: "url", Value: ghText(v.Address.Value)},
		{Key: "method", Value: "jwt"},
	}
	if v.AuthPath.Value != "" {
		with = append(with, targets.Item{Key: "path", Value: ghText(v.AuthPath.Value)})
	}
	with = append(with,
		targets.Item{Key: "role", Value: ghText(v.Role.Value)},
		targets.Item{Key: "jwtGithubAudience", Value: ghText(aud)},
		targets.Item{Key: "exportEnv", Value: false},
		targets.Item{Key: "secrets", Value: strings.Join(lines, "\n") + "\n"},
	)
	m := uses("Read secrets from Vault", actVault, with)
	return append(targets.Map{m[0], {Key: "id", Value: vaultStepID}}, m[1:]...)
}

// vaultSelector is the selector that makes vault-action read the field named field.
// vault-action reads a selector with a dot as a JSONata path (data.tls.crt: key "crt"
// inside key "tls") and quotes any other as one key name; a field whose name holds a dot
// is one key, so it is quoted here, with JSONata's backquotes, which vault-action keeps.
func vaultSelector(field string) string {
	if strings.Contains(field, ".") {
		return "`" + field + "`"
	}
	return field
}

// checkVaultSecrets reports Vault paths and fields, of the secrets a job reads, that
// vault-action's secrets input cannot hold: it splits requests at ';' and path from
// field at white space, and quotes the field into a JSONata expression that a quote, a
// backquote or a backslash would end or escape.
func (e *emitter) checkVaultSecrets() {
	read := map[*model.Secret]bool{}
	for _, j := range e.plan.Jobs {
		for _, s := range j.Secrets {
			read[s] = true
		}
	}
	for _, s := range e.plan.Pipeline.Secrets {
		if s.Vault == nil || !read[s] {
			continue
		}
		if r, bad := firstRune(s.Vault.Path.Value, vaultInputBreak); bad {
			e.errorf(s.Vault.Path.Range, "unsupported-character", "hashicorp/vault-action splits its secrets input at ';' and white space; move the secret to a path without them", "Vault path %q of secret %q cannot be read on GitHub (%q)", s.Vault.Path.Value, s.Name, r)
		}
		if r, bad := firstRune(s.Vault.Field.Value, vaultFieldBreak); bad {
			e.errorf(s.Vault.Field.Range, "unsupported-character", "hashicorp/vault-action splits its secrets input at ';' and white space, and reads the field as a JSONata name, which a quote, a backquote or a backslash ends or escapes; rename the key in Vault", "Vault field %q of secret %q cannot be read on GitHub (%q)", s.Vault.Field.Value, s.Name, r)
		}
	}
}

func vaultInputBreak(r rune) bool { return r == ';' || unicode.IsSpace(r) }

func vaultFieldBreak(r rune) bool { return vaultInputBreak(r) || strings.ContainsRune("\"`\\", r) }

// firstRune is the first rune of s that bad holds for, if any.
func firstRune(s string, bad func(rune) bool) (string, bool) {
	for _, r := range s {
		if bad(r) {
			return string(r), true
		}
	}
	return "", false
}

func (e *emitter) cacheStep(j *compile.Job) targets.Map {
	c := j.Cache
	prefix := j.Stage.Name
	if c.Key != nil {
		if strings.ContainsAny(c.Key.Value, ",\r\n") {
			// actions/cache fails the step on a key with a comma (restore-keys are
			// lines, so a line break would split one).
			e.errorf(c.Key.Range, "unsupported-character", "actions/cache refuses a key that holds a comma, and restore keys are one per line; use '-' or '_' instead", "cache key %q cannot be used on GitHub", c.Key.Value)
		}
		prefix = ghText(c.Key.Value)
	}
	prefix += "-${{ runner.os }}"
	if j.Matrix != nil {
		if matrixHasComma(j.Matrix) {
			// A value with a comma cannot be part of the key: the job's index tells
			// the cells apart instead.
			prefix += "-${{ strategy.job-index }}"
		} else {
			for _, a := range j.Matrix.Axes {
				prefix += "-${{ matrix." + a.Name + " }}"
			}
		}
	}
	key := prefix + "-"
	if len(c.KeyFiles) > 0 {
		var files []string
		for _, f := range c.KeyFiles {
			if strings.Contains(f.Value, "}}") {
				e.errorf(f.Range, "unsupported-character", "GitHub ends an expression at the first \"}}\"", "cache key file %q cannot be hashed on GitHub", f.Value)
			}
			files = append(files, quote(f.Value))
		}
		key += "${{ hashFiles(" + strings.Join(files, ", ") + ") }}"
	} else {
		key += "${{ github.sha }}"
	}
	var paths []string
	for _, p := range c.Paths {
		if strings.ContainsAny(p.Value, "\r\n") {
			e.errorf(p.Range, "unsupported-character", "actions/cache reads its paths one per line", "cache path %q cannot be written on GitHub", p.Value)
		}
		paths = append(paths, ghText(cachePattern(p.Value)))
	}
	return uses("Cache", actCache, targets.Map{
		{Key: "path", Value: strings.Join(paths, "\n") + "\n"},
		{Key: "key", Value: key},
		{Key: "restore-keys", Value: prefix + "-\n"},
	})
}

// cachePattern writes a cache path as a line of actions/cache's path, which it reads
// with @actions/glob: a line starting with '#' is a comment there and each line is
// trimmed, so a leading '#' and blanks at either end become one-character classes
// ("[#]", "[ ]"), which match just that character. A line starting with '!' negates
// the patterns before it, and "[!" opens a negated class, so a path starting with '!'
// (a file named so) is written after "./", which names the same file.
func cachePattern(p string) string {
	blank := func(c byte) bool { return c == ' ' || c == '\t' }
	head, body, tail := "", p, ""
	switch {
	case body != "" && body[0] == '!':
		head = "./"
	case body != "" && (body[0] == '#' || blank(body[0])):
		head, body = "["+body[:1]+"]", body[1:]
	}
	if n := len(body); n > 0 && blank(body[n-1]) {
		body, tail = body[:n-1], "["+body[n-1:]+"]"
	}
	return head + body + tail
}

// artifactName is unique per run: GitHub rejects two uploads of one name. Stage and
// artifact names cannot contain '.', so STAGE.ARTIFACT never collides, and a matrix or
// rolling job adds its cell after another '.'.
func (e *emitter) artifactName(j *compile.Job, a *model.Artifact) (name string, many bool) {
	name = artifactBase(j, a)
	if j.Matrix != nil {
		if !cellNamesOK(j.Matrix) {
			// Values upload-artifact refuses in a name (linux/amd64), or two cells
			// whose values join to one name: the job's index is unique and plain.
			return name + ".${{ strategy.job-index }}", true
		}
		name += "."
		for i, ax := range j.Matrix.Axes {
			if i > 0 {
				name += "-"
			}
			name += "${{ matrix." + ax.Name + " }}"
		}
		return name, true
	}
	if j.Deploy != nil && j.Deploy.Strategy == model.StrategyRolling {
		return name + ".${{ matrix.batch }}", true
	}
	return name, false
}

// matrixHasComma reports whether a cell's axis value holds a comma, which actions/cache
// refuses in a key.
func matrixHasComma(m *model.Matrix) bool {
	for _, c := range m.Cells() {
		for _, ax := range m.Axes {
			if v, _ := c.Get(ax.Name); strings.Contains(v, ",") {
				return true
			}
		}
	}
	return false
}

// cellNamesOK reports whether every cell of the matrix names its artifact with its axis
// values joined by '-': each name must be one upload-artifact accepts (none of
// " : < > | * ? \\ / CR LF) and no two cells may join to one name (a-b and c, a and b-c).
func cellNamesOK(m *model.Matrix) bool {
	seen := map[string]bool{}
	for _, c := range m.Cells() {
		var parts []string
		for _, ax := range m.Axes {
			v, _ := c.Get(ax.Name)
			if strings.ContainsAny(v, "\":<>|*?\\/\r\n") {
				return false
			}
			parts = append(parts, v)
		}
		key := strings.Join(parts, "-")
		if seen[key] {
			return false
		}
		seen[key] = true
	}
	return true
}

func artifactBase(j *compile.Job, a *model.Artifact) string { return j.Stage.Name + "." + a.Name }

// stagingDir is relative to the workspace: in container jobs runner.temp names a host
// path that upload-artifact cannot see.
const stagingDir = "pipec-artifacts/"

// stageArtifact copies the artifact's files, with their paths, into a staging directory,
// so the download restores them where they were: upload-artifact alone strips the
// common leading directory.
// azureLoginInImage warns of an Azure identity in a stage with an image: azure/login
// logs in with the Azure CLI, which it runs inside the job's container and does not
// install, so the step fails ("Unable to locate executable file: az") unless the image
// has az. The other targets hand the token over in AZURE_FEDERATED_TOKEN_FILE and run az
// only when it is there.
func (e *emitter) azureLoginInImage(j *compile.Job) {
	if j.Image == nil || e.azInImage[j.Stage] {
		return
	}
	e.azInImage[j.Stage] = true
	e.warnf(j.Image.Range, "azure-login-in-image", "GitHub logs in to Azure with azure/login, which runs the Azure CLI (az) inside the job's container and fails where the image has none: use an image with az (mcr.microsoft.com/azure-cli), or drop the image from this stage", "stage %q logs in to Azure inside its image on GitHub, which needs the Azure CLI", j.Stage.Name)
}

// artifactWithoutBash warns of a stage that collects artifacts in an image known to have
// no bash (alpine): the step that gathers an artifact's files (posix.CollectFiles) is a
// bash script, and GitHub fails a bash step in such a container. pipec's other steps
// there run in sh (shStep).
func (e *emitter) artifactWithoutBash(j *compile.Job) {
	if j.Image == nil || !j.Image.IsLiteral() || !targets.ShOnlyImage(j.Image.Text()) || e.noBash[j.Stage] {
		return
	}
	e.noBash[j.Stage] = true
	e.warnf(j.Image.Range, "image-without-bash", "pipec gathers an artifact's files with a bash script (globstar, arrays) before uploading them, and GitHub fails a bash step in a container that has no bash; use an image with bash (a Debian-based tag), or install bash in the image", "stage %q collects artifacts in %q, which has no bash, and fails on GitHub", j.Stage.Name, j.Image.Text())
}

func (e *emitter) stageArtifact(j *compile.Job, a *model.Artifact) targets.Map {
	var paths []string
	for _, p := range a.Paths {
		paths = append(paths, ghText(posix.Glob(p.Value)))
	}
	script := posix.CollectFiles(`"`+stagingDir+a.Name+`"`, a.Name, paths)
	return targets.Map{
		{Key: "name", Value: "Collect artifact " + a.Name},
		{Key: "shell", Value: "bash"},
		{Key: "run", Value: script},
	}
}

func (e *emitter) uploadStep(j *compile.Job, a *model.Artifact) targets.Map {
	name, _ := e.artifactName(j, a)
	with := targets.Map{
		{Key: "name", Value: name},
		{Key: "path", Value: stagingDir + a.Name + "/"},
		{Key: "if-no-files-found", Value: "error"},
		{Key: "include-hidden-files", Value: true},
	}
	if a.ExpireIn != nil {
		with = append(with, targets.Item{Key: "retention-days", Value: a.ExpireIn.Days()})
	}
	return uses("Upload artifact "+a.Name, actUpload, with)
}

func (e *emitter) downloadStep(u *compile.ArtifactUse) targets.Map {
	name, many := e.artifactName(u.From, u.Artifact)
	with := targets.Map{}
	if many {
		// Every cell's files, merged: the same path from two cells is last-one-wins.
		with = append(with, targets.Item{Key: "pattern", Value: artifactBase(u.From, u.Artifact) + ".*"}, targets.Item{Key: "merge-multiple", Value: true})
	} else {
		with = append(with, targets.Item{Key: "name", Value: name})
	}
	with = append(with, targets.Item{Key: "path", Value: "."})
	return uses("Download artifact "+u.Artifact.Name+" from "+u.From.Stage.Name, actDownload, with)
}

// collectOutputs hands the job's outputs to GitHub: for each declared output, the last
// "name=value" line the steps wrote to $PIPEC_OUTPUT, as GitLab, CircleCI and Azure read
// that file. Handing GitHub the file itself would make it differ from them: GitHub fails
// the job on a line without "=" (a second line of a value someone wrote with
// echo "notes=$(git log -3)"), reads "name<<EOF" as a multi-line value, and matches a
// name written in another case. An output written nowhere is set empty, which the job's
// outputs read as "not written" (a chain's earlier value then stands).
func collectOutputs(j *compile.Job) string {
	var b strings.Builder
	b.WriteString("touch \"$PIPEC_OUTPUT\"\n")
	if targets.WindowsPowerShell(j) {
		b.WriteString(targets.OutputToUTF8(`"$PIPEC_OUTPUT"`))
	}
	b.WriteString("pipec_size=0\n")
	for _, o := range j.Outputs {
		// Output names are [A-Za-z_][A-Za-z0-9_]*: plain in a printf format.
		fmt.Fprintf(&b, "pipec_v=\"$(%s)\"\n", targets.LastOutput(o.Value, `"$PIPEC_OUTPUT"`))
		fmt.Fprintf(&b, "printf '%s=%%s\\n' \"$pipec_v\" >> \"$GITHUB_OUTPUT\"\n", o.Value)
		b.WriteString("pipec_size=$((pipec_size + $(printf '%s' \"$pipec_v\" | wc -c)))\n")
	}
	// GitHub refuses a job's outputs past 1 MiB after the job's last step, with an
	// error about evaluating templates: the step that read them says why, and fails.
	fmt.Fprintf(&b, "if [ \"$pipec_size\" -gt %d ]; then echo %s\"$pipec_size bytes; GitHub hands on at most %d bytes of outputs per job: keep large values in an artifact\"; exit 1; fi\n",
		maxOutputBytes, posix.Quote("::error::pipec: the outputs of stage "+strconv.Quote(j.Stage.Name)+" hold "), maxOutputBytes)
	return b.String()
}
