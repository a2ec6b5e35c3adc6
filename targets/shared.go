package targets

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/pipec-dev/pipec/compile"
	"github.com/pipec-dev/pipec/compile/expr"
	"github.com/pipec-dev/pipec/compile/model"
)

// RefVar is the environment variable through which a reference reaches a script. Every
// target uses the same name, so a script reads ${PIPEC_CI_BRANCH} on every platform.
func RefVar(r *expr.Ref) string {
	// "PIPEC_" + EnvName(strings.Join(r.Path, "_")), written as one string: every
	// reference a script makes comes through here.
	n := len("PIPEC_") + 1
	for _, p := range r.Path {
		if !asciiName(p) {
			return "PIPEC_" + EnvName(strings.Join(r.Path, "_"))
		}
		n += len(p) + 1
	}
	if len(r.Path) == 0 {
		return "PIPEC_" + EnvName("")
	}
	var b strings.Builder
	b.Grow(n)
	b.WriteString("PIPEC_")
	writeEnvName(&b, r.Path[0])
	for _, p := range r.Path[1:] {
		b.WriteByte('_')
		writeUpper(&b, p)
	}
	return b.String()
}

// RawNumber is a number written exactly as the spec wrote it (3.10 stays 3.10).
type RawNumber string

// MarshalYAML writes the number unquoted.
func (n RawNumber) MarshalYAML() ([]byte, error) { return []byte(n), nil }

// Raw renders a `native` value as is: strings, numbers as written, booleans, lists and
// maps in source order.
func Raw(v *model.Value) any {
	switch v.Kind {
	case model.KindString:
		return v.Str
	case model.KindNumber:
		return RawNumber(v.Str)
	case model.KindBool:
		return v.Bool
	case model.KindList:
		out := make([]any, len(v.List))
		for i, x := range v.List {
			out[i] = Raw(x)
		}
		return out
	case model.KindMap:
		var m Map
		for _, ent := range v.Map {
			Set(&m, ent.Key, Raw(ent.Value))
		}
		return m
	}
	return nil
}

// Script renders a step's run text for its shell: each reference becomes the shell's way
// of reading the reference's PIPEC_* variable (${V} in sh and bash, $env:V in PowerShell),
// so its value stays data. python and cmd steps hold no references (the compiler's
// reference-in-python and reference-in-cmd). The text ends with a newline.
func Script(t expr.Template, shell string) string {
	var b strings.Builder
	for _, p := range t.Parts {
		if p.Ref == nil {
			b.WriteString(p.Lit)
			continue
		}
		v := RefVar(p.Ref)
		switch shell {
		case "pwsh", "powershell":
			b.WriteString("$env:" + v)
		default:
			b.WriteString("${" + v + "}")
		}
	}
	s := b.String()
	if !strings.HasSuffix(s, "\n") {
		s += "\n"
	}
	return s
}

// PowerShellFile wraps a pwsh or powershell step's script for a target that runs it as a
// file (pwsh -File), the way GitHub and Azure Pipelines run one: a failing cmdlet stops
// the script, and the exit status of its last native command is the step's. Without it
// the step would go on after an error and succeed where those two fail.
func PowerShellFile(script string) string {
	return "$ErrorActionPreference = 'stop'\n" + script +
		"if ((Test-Path -LiteralPath variable:\\LASTEXITCODE)) { exit $LASTEXITCODE }\n"
}

// Unique drops repeated strings, keeping the first of each in order.
func Unique(list []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range list {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// InputDefault is a manual input's default as a platform parameter needs one: the spec's,
// or the type's zero value (false, 0, the first option, ""), since GitLab and CircleCI
// start pipelines with defaults unless someone passes values.
func InputDefault(in *model.Input) any {
	typ := in.Type.Value
	switch {
	case in.Default != nil && typ == model.InputBoolean:
		return in.Default.Bool
	case in.Default != nil && typ == model.InputNumber:
		return RawNumber(in.Default.Str)
	case in.Default != nil:
		return in.Default.Str
	case typ == model.InputBoolean:
		return false
	case typ == model.InputNumber:
		return RawNumber("0")
	case typ == model.InputChoice && len(in.Options) > 0:
		return in.Options[0].Value
	}
	return ""
}

// ScriptRefs lists the references of a script, one per script variable (RefVar), sorted
// by variable: what a step must hand its script.
func ScriptRefs(t expr.Template) []*expr.Ref {
	seen := map[string]bool{}
	var refs []*expr.Ref
	for _, r := range t.Refs() {
		if v := RefVar(r); !seen[v] {
			seen[v] = true
			refs = append(refs, r)
		}
	}
	sort.Slice(refs, func(a, b int) bool { return RefVar(refs[a]) < RefVar(refs[b]) })
	return refs
}

// MayRunWindows reports whether a job on runner r may run on Windows: its OS is Windows,
// or not known (a label list that names no OS).
func MayRunWindows(r *model.Runner) bool {
	os := r.OS()
	return os == model.RunnerWindows || os == ""
}

// NativePath is bash that rewrites the file path in the shell variable name into the
// form Windows programs read (C:/Users/.../x, with forward slashes), through Git for
// Windows' cygpath, for a job that may run on Windows. A GCP credential file names its
// token file inside JSON, where neither the shell nor MSYS2's conversion of arguments and
// environment reaches: a POSIX path (/tmp/x) is another file to gcloud there, and a
// backslash path (D:\a\_temp) is not valid JSON. Where there is no cygpath the path stays.
func NativePath(name string) string {
	return fmt.Sprintf("if command -v cygpath >/dev/null 2>&1; then %s=\"$(cygpath -m \"$%s\")\"; fi\n", name, name)
}

// GCPCredentialParts is GCPCredentialConfig cut where the token file's name goes, for a
// script that learns the name only when it runs: it prints the name between the two
// parts as an argument of printf, never as part of its format, where a % or \ of the
// name would be a directive or an escape. The name is JSON-escaped by nothing, so it
// must hold no quote or backslash (NativePath's form holds neither).
func GCPCredentialParts(provider, serviceAccount string) (before, after string) {
	const marker = "PIPEC_TOKEN_FILE"
	cfg := GCPCredentialConfig(provider, serviceAccount, marker)
	// The file is the configuration's last field, so the marker's last occurrence is it.
	cut := strings.LastIndex(cfg, marker)
	return cfg[:cut], cfg[cut+len(marker):]
}

// GCPCredentialConfig is the credential configuration ("external_account") that the Google
// Cloud SDKs and gcloud read for workload identity federation: it trades the CI's OIDC
// token, read from tokenFile, for an access token of serviceAccount through the pool's
// provider. GitLab, CircleCI and Azure write it into a file before the steps run (GitHub's
// google-github-actions/auth writes its own).
func GCPCredentialConfig(provider, serviceAccount, tokenFile string) string {
	return `{"type":"external_account","audience":"//iam.googleapis.com/` + JSONEscape(provider) +
		`","subject_token_type":"urn:ietf:params:oauth:token-type:jwt","token_url":"https://sts.googleapis.com/v1/token",` +
		`"service_account_impersonation_url":"https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/` + JSONEscape(serviceAccount) +
		`:generateAccessToken","credential_source":{"file":"` + JSONEscape(tokenFile) + `"}}`
}

// JSONEscape escapes s for the inside of a JSON string: backslash, quote, and the
// control characters JSON does not allow raw (\n, \r and \t by name, the others as
// \u00XX). The back ends write a few JSON documents into scripts (a cloud's credential
// configuration, a token request's claims) with it.
func JSONEscape(s string) string {
	i := strings.IndexFunc(s, func(r rune) bool { return r < 0x20 || r == '"' || r == '\\' })
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.WriteString(s[:i])
	for _, c := range []byte(s[i:]) {
		switch {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\r':
			b.WriteString(`\r`)
		case c == '\t':
			b.WriteString(`\t`)
		case c < 0x20:
			fmt.Fprintf(&b, `\u%04x`, c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// DeployEnv are the variables of a stage's env that read deploy values, less those the
// step sets itself. Where a stage's rollback steps run in a job rendered for another
// position of the strategy (CircleCI's failed increment or batch, Azure's on: failure
// hook after the increments), the job's env holds that position's values: these go to
// each rollback step's env, read at the rollback's, so the stage's variables agree with
// the step's own deploy references, as on the targets with a rollback job.
func DeployEnv(stage, step []*model.EnvVar) []*model.EnvVar {
	var out []*model.EnvVar
	for _, v := range stage {
		if slices.ContainsFunc(step, func(s *model.EnvVar) bool { return s.Name == v.Name }) {
			continue // the step's own variable of that name wins
		}
		for _, r := range v.Value.Refs() {
			if r.Root() == "deploy" {
				out = append(out, v)
				break
			}
		}
	}
	return out
}

// JobEnv is the pipeline's and a stage's variables as the stage's jobs see them: the
// pipeline's, less those the stage gives again, then the stage's. A back end that moves
// some of them elsewhere (into the script, or each step's env) moves them from here, so
// that a pipeline variable it moves cannot outrank the stage's of the same name.
func JobEnv(pipeline, stage []*model.EnvVar) []*model.EnvVar {
	if len(stage) == 0 {
		return pipeline
	}
	staged := make(map[string]bool, len(stage))
	for _, v := range stage {
		staged[v.Name] = true
	}
	out := make([]*model.EnvVar, 0, len(pipeline)+len(stage))
	for _, v := range pipeline {
		if !staged[v.Name] {
			out = append(out, v)
		}
	}
	return append(out, stage...)
}

// LastOutput is the shell pipeline that prints the value of stage output key in file,
// the $PIPEC_OUTPUT steps wrote: the last "key=value" line of that exact name, one line,
// without carriage returns. Every target reads the file this way, so a value arrives
// alike everywhere: a line in CRLF form (a PowerShell or cmd step on Windows writes
// them) ends with no "\r" (CircleCI's workspace file would keep it, and a lone "\r"
// ends a line for GitHub's and Azure's own parsers). Output names are
// [A-Za-z_][A-Za-z0-9_]*, plain in a sed pattern.
func LastOutput(key, file string) string {
	return fmt.Sprintf(`sed -n 's/^%s=//p' %s | tail -n 1 | tr -d '\r'`, key, file)
}

// OutputToUTF8 is the shell line that rewrites file, the $PIPEC_OUTPUT steps wrote (as
// the shell reads it: quoted, or a plain path), as plain UTF-8 before LastOutput reads it,
// in a job that may run Windows PowerShell (WindowsPowerShell). Windows PowerShell 5.1's
// `>>` and Out-File write UTF-16LE after a byte order mark, in which sed finds no
// "name=" line, and its `-Encoding utf8` starts the file with a UTF-8 byte order mark,
// which hides the first line's name: the values would be lost without a word. iconv
// (Git for Windows has it) reads the first; sed drops the second mark.
func OutputToUTF8(file string) string {
	return fmt.Sprintf(`if [ "$(od -An -tx1 -N2 %[1]s 2>/dev/null | tr -d ' \n')" = fffe ]; then iconv -f UTF-16 -t UTF-8 %[1]s > %[1]s.utf8 && mv -f %[1]s.utf8 %[1]s; fi; if [ -f %[1]s ]; then sed "1s/^$(printf '\357\273\277')//" %[1]s > %[1]s.tmp && mv -f %[1]s.tmp %[1]s; fi`+"\n", file)
}

// WindowsPowerShell reports whether a step of j may run in Windows PowerShell 5.1: a
// powershell step on a runner that is, or may be, Windows (elsewhere it runs in pwsh,
// which writes UTF-8).
func WindowsPowerShell(j *compile.Job) bool {
	if os := j.Runner.OS(); os != "" && os != model.RunnerWindows {
		return false
	}
	for _, st := range j.Steps {
		if st.Shell != nil && st.Shell.Value == "powershell" {
			return true
		}
	}
	return false
}

// EnvCaseClashes calls clash for each variable of outer that one of inner names in
// another case (an exact name is plain shadowing). Where a target writes both into one
// env mapping, GitHub and Azure read its keys without case and refuse the file
// ("'X' is already defined"), and Windows has one variable for both.
func EnvCaseClashes(outer, inner []*model.EnvVar, clash func(outer, inner *model.EnvVar)) {
	if len(outer) == 0 || len(inner) == 0 {
		return
	}
	byUpper := make(map[string]*model.EnvVar, len(inner))
	for _, v := range inner {
		byUpper[strings.ToUpper(v.Name)] = v
	}
	for _, v := range outer {
		if in := byUpper[strings.ToUpper(v.Name)]; in != nil && in.Name != v.Name {
			clash(v, in)
		}
	}
}

// ServiceHosts is the bash script that lets steps on the runner itself (a job without a
// container, on GitHub and Azure) reach each service by its name, as steps in a
// container do there and every job does on GitLab and CircleCI: the platform publishes a
// service's ports on the runner, so the names point at 127.0.0.1. It needs sudo without
// a password, which hosted runners have; without it the step says so and goes on (the
// services stay reachable at localhost). Service names are plain words
// ([A-Za-z_][A-Za-z0-9_-]*), safe in the script as they are.
func ServiceHosts(svcs []*model.Service) string {
	names := make([]string, len(svcs))
	for i, s := range svcs {
		names[i] = s.Name
	}
	list := strings.Join(names, " ")
	return fmt.Sprintf("if ! printf '127.0.0.1 %%s\\n' %[1]s | sudo -n tee -a /etc/hosts > /dev/null; then\n"+
		"  echo \"pipec: could not name the services (%[1]s) in /etc/hosts: reach them at localhost\" >&2\nfi\n", list)
}

// SharedPort returns a service that lists a port an earlier service of svcs lists, and
// that port's entry, or nil. Where services share one network (CircleCI's job, the
// runner GitHub and Azure publish ports on), the later one cannot listen on it and the
// job fails as its containers start.
func SharedPort(svcs []*model.Service) (*model.Service, *model.Int) {
	seen := map[int]bool{}
	for _, s := range svcs {
		for i := range s.Ports {
			p := &s.Ports[i]
			if seen[p.Value] {
				return s, p
			}
		}
		for _, p := range s.Ports {
			seen[p.Value] = true
		}
	}
	return nil, nil
}

// CmdRunner is the detail and summary of the error for a cmd step on a runner that is not
// known to be Windows. The spec's checks refuse one known to be Linux or macOS, so a back
// end that cannot run cmd without knowing sees a label list that names no operating
// system: the message says so, and how to name it, since the runner may well be Windows.
func CmdRunner(r *model.Runner) (detail, summary string) {
	if r.Class != "" {
		return "cmd exists on Windows only", fmt.Sprintf("cmd steps cannot run on a %s runner", r.Class)
	}
	labels := make([]string, len(r.Labels))
	for i, l := range r.Labels {
		labels[i] = fmt.Sprintf("%q", l.Value)
	}
	return "cmd exists on Windows only; if these runners are Windows machines, add the label \"windows\" to the list, else use pwsh",
		fmt.Sprintf("cmd steps need a Windows runner, and the runner labels [%s] name no operating system", strings.Join(labels, ", "))
}
