package gitlab

import (
	"fmt"
	"github.com/pipec-dev/pipec/targets/posix"
	"sort"
	"strings"

	"github.com/pipec-dev/pipec/compile"
	"github.com/pipec-dev/pipec/compile/expr"
	"github.com/pipec-dev/pipec/compile/model"
	"github.com/pipec-dev/pipec/targets"
)

// skipVar tells the jobs after j that it ended early.
func skipVar(j *gjob) string { return "PIPEC_SKIPPED_" + targets.EnvName(j.name) }

// ranVar tells the jobs after a matrix job that one of its cells ran. Each cell decides
// its condition itself and GitLab merges the cells' dotenv reports, so one cell that
// ended early sets skipVar for the jobs after it however many others ran: those run
// unless every cell ended early, as they do after a matrix whose condition GitLab decided
// cell by cell when it created the pipeline (and on CircleCI).
func ranVar(j *gjob) string { return "PIPEC_RAN_" + targets.EnvName(j.name) }

// cells reports whether j is a matrix stage's job, which GitLab runs once per cell.
func cells(j *gjob) bool { return j.Matrix != nil && j.cell == nil }

// ended is the shell test that need n ended early: for a matrix job, every cell did.
func ended(n *gjob) string {
	if cells(n) {
		return fmt.Sprintf(`{ [ -n "${%s:-}" ] && [ -z "${%s:-}" ]; }`, skipVar(n), ranVar(n))
	}
	return fmt.Sprintf(`[ -n "${%s:-}" ]`, skipVar(n))
}

// script folds the stage's steps into one GitLab script. Each step runs in its own
// subshell with -e, its own variables and directory, as a step of its own would.
func (e *emitter) script(j *gjob) []any {
	var items []any
	if e.hasDotenv(j) || len(j.Stage.Outputs) > 0 {
		items = append(items, fmt.Sprintf(`mkdir -p %s && : > %s && : > %s/output`, pipecDir(j), dotenvFile(j), pipecDir(j)))
	}
	if pass := passThrough(j); len(pass) > 0 {
		var b strings.Builder
		b.WriteString("# upstream outputs the rollback job reads\n")
		for _, v := range pass {
			fmt.Fprintf(&b, "echo \"%s=${%s:-}\" >> %s\n", v, v, dotenvFile(j))
		}
		items = append(items, b.String())
	}
	if dec := decodeOutputs(j); dec != "" {
		items = append(items, dec)
	}
	if guard := e.guard(j); guard != "" {
		items = append(items, guard)
	}
	// Variables whose value GitLab cannot expand itself (ci.branch, ci.ref, ci.event)
	// are computed here, once, for every step.
	var computed []string
	for _, v := range targets.JobEnv(e.plan.Pipeline.Env, j.Env) {
		if needsShell(v.Value) {
			computed = append(computed, fmt.Sprintf("export %s=\"%s\"", v.Name, e.shellTemplate(v.Value, j)))
		}
	}
	if len(computed) > 0 {
		items = append(items, strings.Join(computed, "\n")+"\n")
	}
	if j.Identity != nil {
		items = append(items, e.login(j.Identity, targets.MayRunWindows(j.Runner)))
	}
	for _, st := range j.Steps {
		items = append(items, e.step(j, st))
	}
	if len(j.Outputs) > 0 {
		items = append(items, e.collectOutputs(j))
	}
	if j.Role == compile.RoleMain {
		for _, a := range j.Produces {
			if check := artifactCheck(a); check != "" {
				items = append(items, check)
			}
		}
	}
	return items
}

// artifactCheck fails the job when a path of an artifact without wildcards names no
// file, or when none of its paths matches one, as the other targets fail the step that
// collects it (posix.CollectFiles): GitLab only warns ("no matching files") and passes
// the job, and the stage that reads the artifact fails later, far from the cause. A job
// that ends early never gets here. The job's shell may be sh, whose * skips dot files
// and reads ** as *: an artifact with a ** path is not checked, since sh would match
// less than GitLab does.
func artifactCheck(a *model.Artifact) string {
	var globs, lits, names []string
	for _, p := range a.Paths {
		if strings.Contains(p.Value, "**") {
			return ""
		}
		g := posix.Glob(p.Value)
		if strings.ContainsAny(p.Value, "*?[") {
			globs = append(globs, g)
		} else {
			lits = append(lits, g)
			names = append(names, p.Value)
		}
	}
	var b strings.Builder
	b.WriteString("# artifact " + a.Name + "\n")
	for i, l := range lits {
		fmt.Fprintf(&b, "[ -e %[1]s ] || [ -L %[1]s ] || { echo %[2]s >&2; exit 1; }\n", l, posix.Quote("pipec: artifact "+a.Name+": no file "+names[i]))
	}
	if len(lits) == 0 && len(globs) > 0 {
		fmt.Fprintf(&b, "pipec_found=\nfor pipec_f in %s; do if [ -e \"$pipec_f\" ] || [ -L \"$pipec_f\" ]; then pipec_found=1; break; fi; done\n", strings.Join(globs, " "))
		fmt.Fprintf(&b, "if [ -z \"$pipec_found\" ]; then echo %s >&2; exit 1; fi\n", posix.Quote("pipec: artifact "+a.Name+" matched no files"))
	}
	if len(lits) == 0 && len(globs) == 0 {
		return ""
	}
	return b.String()
}

// guard ends the job early when a need ended early, or when the job's own condition,
// which GitLab could not decide when it created the pipeline, is false.
func (e *emitter) guard(j *gjob) string {
	var tests []string
	for _, n := range j.needs {
		if n.mayEnd && n.Stage != j.Stage || n.mayEnd && !j.OnFailure {
			tests = append(tests, ended(n))
		}
	}
	if j.runtime != nil {
		if not, ok := j.runtime.(*expr.Not); ok {
			tests = append(tests, posix.Cond(not.X, e.valueOf(j)))
		} else {
			tests = append(tests, "! "+posix.Cond(j.runtime, e.valueOf(j)))
		}
	}
	if len(tests) == 0 {
		return ""
	}
	sort.Strings(tests[:len(tests)-boolToInt(j.runtime != nil)])
	guard := fmt.Sprintf("if %s; then\n  echo \"pipec: %s does not run: its condition is false, or a stage before it did not run\"\n  echo \"%s=1\" >> %s\n  exit 0\nfi\n",
		strings.Join(targets.Unique(tests), " || "), j.Stage.Name, skipVar(j), dotenvFile(j))
	if cells(j) {
		guard += fmt.Sprintf("echo \"%s=1\" >> %s\n", ranVar(j), dotenvFile(j))
	}
	return guard
}

func boolToInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// step renders one step.
func (e *emitter) step(j *gjob, st *compile.Step) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n(\n  set -e\n", strings.ReplaceAll(st.Name, "\n", " "))
	exports := e.stepExports(j, st)
	for _, x := range exports {
		b.WriteString("  export " + x + "\n")
	}
	if st.WorkingDirectory != nil {
		fmt.Fprintf(&b, "  cd \"%s\"\n", e.shellTemplate(*st.WorkingDirectory, j))
	}
	shell := "bash"
	if st.Shell != nil {
		shell = st.Shell.Value
	}
	if st.Timeout != nil {
		e.warnf(st.Timeout.Range, "step-timeout-unsupported", "GitLab has a timeout per job only; the stage's timeout applies", "step %q's timeout is not applied on GitLab", st.Name)
	}
	run := e.runScript(j, st, shell)
	cont := st.ContinueOnError != nil && st.ContinueOnError.Value
	retry := retriesInScript(j) && st.Phase == compile.PhaseMain
	switch {
	case shell == "cmd" && j.Runner.OS() != model.RunnerWindows:
		detail, summary := targets.CmdRunner(j.Runner)
		e.errorf(st.Shell.Range, "unsupported-shell", detail, "%s", summary)
	case shell == "bash":
		// Only bash steps run inline: the job's shell is bash with -o pipefail, and an
		// sh step there would get bash and pipefail where the other targets run sh -e.
		if !cont && !retry {
			// The script's lines go in as written, not indented: indenting would change
			// the text of a multi-line string and stop a heredoc's end marker matching.
			b.WriteString(run)
			b.WriteString(")\n")
			return b.String()
		}
	}
	// A step that may fail, is retried, or runs another interpreter, runs from a file in
	// a child process: inside `( ... ) || true` or an `until` the shell would ignore -e.
	interp := posix.FileInterpreter(shell, j.Runner.OS() == model.RunnerWindows)
	if shell == "bash" {
		// A bash step inline inherits the job shell's -o pipefail (GitLab's bash sets it,
		// as GitHub, CircleCI and Azure run bash steps); the child bash must set it too.
		interp = `"${BASH:-sh}" -e ${BASH:+-o pipefail}`
	}
	if posix.FileExt(shell) == ".ps1" {
		run = targets.PowerShellFile(run)
	}
	if retry {
		b.WriteString(posix.RetryFromFile("  ", interp, shell, run, st.Name, cont, len(j.Outputs) > 0, j.Retries.Value))
	} else {
		b.WriteString(posix.RunFromFile("  ", interp, shell, run, st.Name, cont))
	}
	b.WriteString(")\n")
	return b.String()
}

// runScript renders the step's run text with references as variables.
func (e *emitter) runScript(j *gjob, st *compile.Step, shell string) string {
	e.literalText(st.Run)
	return targets.Script(st.Run, shell)
}

// stepExports are the step's variables: its env in source order, then the PIPEC_*
// variables its script reads, sorted.
func (e *emitter) stepExports(j *gjob, st *compile.Step) []string {
	var out []string
	for _, v := range st.Env {
		out = append(out, fmt.Sprintf(`%s="%s"`, v.Name, e.shellTemplate(v.Value, j)))
	}
	refs := targets.ScriptRefs(st.Run)
	for _, r := range refs {
		if r.Root() == "stage" {
			continue // the dotenv report already set it under this name
		}
		out = append(out, fmt.Sprintf(`%s="%s"`, targets.RefVar(r), e.shellValue(r, j)))
	}
	return out
}

// passThrough lists the upstream stage outputs a main job hands on to its stage's
// rollback job, which needs only the stage's own jobs and so sees only their reports.
func passThrough(j *gjob) []string {
	if j.Role != compile.RoleMain || j.Stage.Rollback == nil {
		return nil
	}
	seen := map[string]bool{}
	var out []string
	for _, st := range j.Stage.Rollback.Steps {
		ts := []expr.Template{st.Run}
		for _, v := range st.Env {
			ts = append(ts, v.Value)
		}
		for _, t := range ts {
			for _, r := range t.Refs() {
				if r.Root() != "stage" {
					continue
				}
				if v := outputVar(r.Path[1], r.Path[3]); !seen[v] {
					seen[v] = true
					out = append(out, v)
				}
			}
		}
	}
	sort.Strings(out)
	return out
}

// hasDotenv reports whether the job writes a dotenv report.
func (e *emitter) hasDotenv(j *gjob) bool {
	return len(j.Outputs) > 0 || j.mayEnd || len(passThrough(j)) > 0
}

// collectOutputs turns the name=value lines steps wrote to $PIPEC_OUTPUT into the job's
// dotenv report, under names that cannot collide with another stage's. In a chain, an
// output this job did not write keeps the value the job before it passed on.
func (e *emitter) collectOutputs(j *gjob) string {
	var b strings.Builder
	if targets.WindowsPowerShell(j.Job) {
		b.WriteString(targets.OutputToUTF8(pipecDir(j) + "/output"))
	}
	for _, o := range j.Outputs {
		v := outputVar(j.Stage.Name, o.Value)
		fmt.Fprintf(&b, "pipec_v=\"$(%s | %s)\"\n", targets.LastOutput(o.Value, pipecDir(j)+"/output"), outputEncode)
		fmt.Fprintf(&b, "echo \"%s=${pipec_v:-${%s:-}}\" >> %s\n", v, v, dotenvFile(j))
	}
	b.WriteString(dotenvSizeCheck(dotenvFile(j)))
	return b.String()
}

// dotenvSize is the size GitLab refuses a dotenv report at, unless an administrator
// raised it (plan limit dotenv_size, 5,120 on every GitLab.com plan). GitLab measures
// the report as the runner uploads it, gzip-compressed.
const dotenvSize = 5120

// dotenvSizeCheck says, in the job's log, when the report is about to be refused:
// GitLab then fails the job at the upload ("Dotenv Artifact Too Big"), after its steps
// ran, and no job after it gets the outputs. It does not fail the job itself: an
// instance may allow more. gzip, where the job has it, measures as GitLab does (the
// runner's own compression may differ by a few bytes).
func dotenvSizeCheck(file string) string {
	return fmt.Sprintf(`if command -v gzip >/dev/null 2>&1; then pipec_size=$(gzip -c < %[1]s | wc -c); else pipec_size=$(wc -c < %[1]s); fi
if [ "$pipec_size" -ge %[2]d ]; then echo "pipec: warning: the outputs' dotenv report %[1]s is $pipec_size bytes (gzip-compressed, as GitLab measures it, where the job has gzip); GitLab refuses one of %[2]d bytes or more unless an administrator raised dotenv_size, and fails the job at the upload: keep large values in an artifact"; fi
`, file, dotenvSize)
}

// outputEncode and outputDecode carry a stage output through a dotenv report unchanged.
// GitLab strips the blanks around a dotenv value and expands $NAME in it (its dotenv
// variables are not raw), so "a $TOKEN " would reach the next job as "a <the token>";
// dotenv parsers elsewhere also drop quotes and cut at #. The report holds the value
// with %, $, blanks, quotes and # percent-encoded, and each job that reads an output
// decodes it first (the job's shell may be sh: awk, not bash's ${v//}).
const (
	outputEncode = `awk '{gsub(/%/,"%25"); gsub(/\$/,"%24"); gsub(/ /,"%20"); gsub(/\t/,"%09"); gsub(/#/,"%23"); gsub(/"/,"%22"); gsub(/\047/,"%27"); gsub(/\140/,"%60"); print}'`
	outputDecode = `awk '{gsub(/%60/,"\140"); gsub(/%27/,"\047"); gsub(/%22/,"\""); gsub(/%23/,"#"); gsub(/%09/,"\t"); gsub(/%20/," "); gsub(/%24/,"$"); gsub(/%25/,"%"); print}'`
)

// decodeOutputs decodes, in place, the stage outputs the job reads: in its steps, their
// env and directories, its stage env and its condition. It runs before anything reads
// them, and after passThrough, which hands the rollback job the encoded values as they
// came.
func decodeOutputs(j *gjob) string {
	var ts []expr.Template
	for _, st := range j.Steps {
		ts = append(ts, st.Run)
		for _, v := range st.Env {
			ts = append(ts, v.Value)
		}
		if st.WorkingDirectory != nil {
			ts = append(ts, *st.WorkingDirectory)
		}
	}
	for _, v := range j.Env {
		ts = append(ts, v.Value)
	}
	var refs []*expr.Ref
	for _, t := range ts {
		refs = append(refs, t.Refs()...)
	}
	if j.runtime != nil {
		refs = append(refs, expr.Refs(j.runtime)...)
	}
	var vars []string
	for _, r := range refs {
		if r.Root() == "stage" {
			vars = append(vars, outputVar(r.Path[1], r.Path[3]))
		}
	}
	vars = targets.Unique(vars)
	sort.Strings(vars)
	if len(vars) == 0 {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# stage outputs arrive encoded\npipec_decode() { printf '%%s\\n' \"$1\" | %s; }\n", outputDecode)
	for _, v := range vars {
		fmt.Fprintf(&b, "%s=\"$(pipec_decode \"${%s:-}\")\"; export %s\n", v, v, v)
	}
	return b.String()
}

// login exchanges the job's OIDC token (id_tokens) for the identity's credentials. On a
// runner that may be Windows the token file's path is the one Windows programs read
// (targets.NativePath), since the cloud tools that read it are native there.
func (e *emitter) login(id *model.Identity, windows bool) string {
	tok := tokenVar(id)
	tokenFile := fmt.Sprintf("pipec_token_file=\"$(mktemp)\"\n%sprintf '%%s' \"$%s\" > \"$pipec_token_file\"\n", nativePath("pipec_token_file", windows), tok)
	switch {
	case id.AWS != nil:
		return fmt.Sprintf(`# %s: AWS role through the OIDC token (read by the AWS CLI and SDKs)
%sexport AWS_WEB_IDENTITY_TOKEN_FILE="$pipec_token_file"
export AWS_ROLE_ARN=%s
export AWS_ROLE_SESSION_NAME="gitlab-$CI_PIPELINE_ID-$CI_JOB_ID"
export AWS_REGION=%s AWS_DEFAULT_REGION=%s
`, id.Name, tokenFile, posix.Quote(id.AWS.RoleARN.Value), posix.Quote(id.AWS.Region.Value), posix.Quote(id.AWS.Region.Value))
	case id.GCP != nil:
		// The token file's name is known when the job runs: printf puts it between the
		// configuration's two halves.
		before, after := targets.GCPCredentialParts(id.GCP.WorkloadIdentityProvider.Value, id.GCP.ServiceAccount.Value)
		return fmt.Sprintf(`# %s: Google Cloud workload identity federation through the OIDC token
%spipec_cred="$(mktemp)"
%sprintf '%%s%%s%%s' %s "$pipec_token_file" %s > "$pipec_cred"
export GOOGLE_APPLICATION_CREDENTIALS="$pipec_cred" CLOUDSDK_AUTH_CREDENTIAL_FILE_OVERRIDE="$pipec_cred"
`, id.Name, tokenFile, nativePath("pipec_cred", windows), posix.Quote(before), posix.Quote(after))
	case id.Azure != nil:
		s := fmt.Sprintf(`# %s: Azure federated credential through the OIDC token
%sexport AZURE_CLIENT_ID=%s AZURE_TENANT_ID=%s AZURE_FEDERATED_TOKEN_FILE="$pipec_token_file"
`, id.Name, tokenFile, posix.Quote(id.Azure.ClientID.Value), posix.Quote(id.Azure.TenantID.Value))
		s += `if command -v az >/dev/null 2>&1; then
  az login --service-principal -u "$AZURE_CLIENT_ID" -t "$AZURE_TENANT_ID" --federated-token "$(cat "$pipec_token_file")" --output none
`
		if id.Azure.SubscriptionID != nil {
			s = strings.Replace(s, "export AZURE_CLIENT_ID=", "export AZURE_SUBSCRIPTION_ID="+posix.Quote(id.Azure.SubscriptionID.Value)+" AZURE_CLIENT_ID=", 1)
			s += "  az account set --subscription \"$AZURE_SUBSCRIPTION_ID\"\n"
		}
		return s + "fi\n"
	case id.OIDC != nil:
		// id_tokens already put the token in the variable the spec named.
		return fmt.Sprintf("# %s: the OIDC token is in $%s\n: \"${%s:?GitLab did not issue the OIDC token}\"\n", id.Name, id.OIDC.Env.Value, id.OIDC.Env.Value)
	}
	panic("gitlab: identity without provider")
}

// nativePath is targets.NativePath for a job that may run on Windows, else nothing.
func nativePath(name string, windows bool) string {
	if !windows {
		return ""
	}
	return targets.NativePath(name)
}

// tokenVar is the id_tokens variable of an identity.
func tokenVar(id *model.Identity) string {
	if id.OIDC != nil {
		return id.OIDC.Env.Value
	}
	return "PIPEC_" + targets.EnvName(id.Kind()) + "_ID_TOKEN"
}

// idTokens declares the OIDC tokens the job uses: its identity's and Vault's.
func (e *emitter) idTokens(j *gjob) targets.Map {
	var m targets.Map
	if id := j.Identity; id != nil {
		var aud string
		switch {
		case id.AWS != nil:
			aud = "sts.amazonaws.com"
			if id.AWS.Audience != nil {
				aud = id.AWS.Audience.Value
			}
		case id.GCP != nil:
			aud = "https://iam.googleapis.com/" + id.GCP.WorkloadIdentityProvider.Value
			if id.GCP.Audience != nil {
				aud = id.GCP.Audience.Value
			}
		case id.Azure != nil:
			aud = "api://AzureADTokenExchange"
		case id.OIDC != nil:
			aud = id.OIDC.Audience.Value
		}
		targets.Set(&m, tokenVar(id), targets.Map{{Key: "aud", Value: aud}})
	}
	if j.UsesVault() {
		v := e.plan.Pipeline.Vault
		aud := v.Address.Value
		if v.Audience.Value != "" {
			aud = v.Audience.Value
		}
		targets.Set(&m, "VAULT_ID_TOKEN", targets.Map{{Key: "aud", Value: aud}})
	}
	return m
}

// vaultSecrets reads the job's Vault secrets with GitLab's native integration.
// secret/data/PATH is a KV v2 path (mount "secret"); MOUNT/PATH without /data/ is KV v1.
func (e *emitter) vaultSecrets(j *gjob) targets.Map {
	var m targets.Map
	for _, s := range j.Secrets {
		if s.Vault == nil {
			continue
		}
		path := s.Vault.Path.Value
		engine, mount, rest := "kv-v1", "", path
		if i := strings.Index(path, "/data/"); i > 0 {
			engine, mount, rest = "kv-v2", path[:i], path[i+len("/data/"):]
		} else if i := strings.IndexByte(path, '/'); i > 0 {
			mount, rest = path[:i], path[i+1:]
		}
		targets.Set(&m, targets.EnvName(s.Name), targets.Map{
			{Key: "vault", Value: targets.Map{
				{Key: "engine", Value: targets.Map{{Key: "name", Value: engine}, {Key: "path", Value: mount}}},
				{Key: "path", Value: rest},
				{Key: "field", Value: s.Vault.Field.Value},
			}},
			{Key: "file", Value: false},
			{Key: "token", Value: "$VAULT_ID_TOKEN"},
		})
	}
	return m
}
