package lint

import (
	"strings"

	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/expr"
	"github.com/pipec-dev/pipec/compile/model"
)

// credentialPatterns match well-known token formats. Each lists hints, literal strings
// at least one of which every match of its pattern contains: the pattern is compiled and
// run only on text holding one, so a spec without credentials compiles none of them
// (compiling them was 1 to 2% of a lint run). TestCredentialHints checks each hint
// against its pattern.
var credentialPatterns = []struct {
	name  string
	hints []string
	re    *lazyRegexp
}{
	{"an AWS access key ID", []string{"AKIA", "ASIA"}, lazy(`\b(AKIA|ASIA)[0-9A-Z]{16}\b`)},
	{"a GitHub token", []string{"ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"}, lazy(`\b(ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}\b|\bgithub_pat_[A-Za-z0-9_]{40,}`)},
	{"a GitLab token", []string{"glpat-"}, lazy(`\bglpat-[A-Za-z0-9_-]{20}\b`)},
	{"a Slack token", []string{"xox"}, lazy(`\bxox[abprs]-[A-Za-z0-9-]{10,}`)},
	{"a private key", []string{"-----BEGIN "}, lazy(`-----BEGIN ([A-Z]+ )?PRIVATE KEY-----`)},
	{"a Google API key", []string{"AIza"}, lazy(`\bAIza[0-9A-Za-z_-]{35}\b`)},
	{"a Stripe live key", []string{"_live_"}, lazy(`\b(sk|rk)_live_[0-9A-Za-z]{20,}`)},
	{"an npm token", []string{"npm_"}, lazy(`\bnpm_[A-Za-z0-9]{36}\b`)},
	{"a PyPI token", []string{"pypi-AgE"}, lazy(`\bpypi-AgE[A-Za-z0-9_-]{50,}`)},
	{"a Docker Hub token", []string{"dckr_pat_"}, lazy(`\bdckr_pat_[A-Za-z0-9_-]{20,}`)},
	{"a Slack webhook URL", []string{"hooks.slack.com/"}, lazy(`hooks\.slack\.com/(services|workflows|triggers)/T[A-Z0-9]+/[A-Za-z0-9/]{10,}`)},
	{"a SendGrid key", []string{"SG."}, lazy(`\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\b`)},
}

var ruleSecretLiteral = &Rule{
	ID:        "secret-literal",
	Category:  Security,
	Severity:  diag.Error,
	Summary:   "a credential is written into the spec",
	Rationale: "A credential in the spec (a token of a known format, or a literal under a name a cloud SDK reads its key from, such as AWS_SECRET_ACCESS_KEY, in env or in a native block, or a registry password in a native \"circleci\" block's docker auth or a native \"github\" container's or service's credentials) is in the repository's history for good, in every clone and fork, and in the generated YAML. It has to be revoked, not just removed.",
	Fix:       "revoke the credential, declare a secret (secret \"NAME\" {}) and reference ${secret.NAME}",
	check: func(p *Pass) {
		templates(p.Pipeline, func(t *expr.Template, at place) {
			if c := credential(t.Literal()); c != "" {
				p.Report(t.Range, "this %s holds what looks like %s", at.what, c)
			} else if at.env != nil && len(t.Refs()) == 0 && cloudKeyName(at.env.Name) && keyLiteral(t.Literal()) {
				// A cloud SDK reads its key from this variable: a literal value is the key
				// itself (AWS secret access keys and Azure client secrets have no prefix
				// to recognise them by).
				p.Report(t.Range, "this %s holds what looks like a cloud key: %s is where the cloud SDK reads its key from", at.what, at.env.Name)
			}
		})
		// A native block's values reach the generated YAML as they are.
		for _, s := range p.Pipeline.Stages {
			for _, n := range s.Natives {
				nativeStrings(n.Body, func(v *model.Value) {
					if c := credential(v.Str); c != "" {
						p.Report(v.Range, "this native %q value holds what looks like %s", n.Target, c)
					}
				})
				switch n.Target {
				case "circleci":
					reportRegistryPasswords(p, n.Body)
				case "github":
					reportContainerPasswords(p, n.Body)
				}
				// A cloud SDK reads its key from a variable so named, native or not.
				nativeKeyed(n.Body, func(key string, v *model.Value) {
					if credential(v.Str) == "" && cloudKeyName(key) && keyLiteral(v.Str) {
						p.Report(v.Range, "this native %q value holds what looks like a cloud key: %s is where the cloud SDK reads its key from", n.Target, key)
					}
				})
			}
		}
	},
}

// credential names the kind of credential s holds, or "".
func credential(s string) string {
	for _, c := range credentialPatterns {
		if containsAny(s, c.hints) && c.re.MatchString(s) {
			return c.name
		}
	}
	return ""
}

// keyLiteral reports whether s could be a key rather than a path, a variable or a
// placeholder: at least 16 characters of the alphabets keys use (base64, URL-safe
// base64, Azure's ~ and .), with a letter and a digit, not a path or a file name.
func keyLiteral(s string) bool {
	if len(s) < 16 || strings.HasSuffix(s, ".json") || strings.HasPrefix(s, ".") || strings.HasPrefix(s, "/") || strings.HasPrefix(s, "~") {
		return false
	}
	letter, digit := false, false
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
			letter = true
		case r >= '0' && r <= '9':
			digit = true
		case strings.ContainsRune("+/=_-~.", r):
		default:
			return false
		}
	}
	return letter && digit
}

// nativeKeyed calls fn for every string that is the value of a mapping's key in a native
// block's value, at any depth, with the key.
func nativeKeyed(v *model.Value, fn func(key string, v *model.Value)) {
	switch {
	case v == nil:
	case v.Kind == model.KindList:
		for _, x := range v.List {
			nativeKeyed(x, fn)
		}
	case v.Kind == model.KindMap:
		for _, e := range v.Map {
			if e.Value != nil && e.Value.Kind == model.KindString {
				fn(e.Key, e.Value)
			}
			nativeKeyed(e.Value, fn)
		}
	}
}

// nativeStrings calls fn for every string in a native block's value.
func nativeStrings(v *model.Value, fn func(*model.Value)) {
	if v == nil {
		return
	}
	switch v.Kind {
	case model.KindString:
		fn(v)
	case model.KindList:
		for _, x := range v.List {
			nativeStrings(x, fn)
		}
	case model.KindMap:
		for _, e := range v.Map {
			nativeStrings(e.Value, fn)
		}
	}
}

// reportRegistryPasswords reports the passwords a native "circleci" block's docker images
// log in with (auth.password, aws_auth.aws_secret_access_key) that are written out, not
// read from a project or context variable ($DOCKER_PASSWORD): any password there is a
// credential, whatever its form.
func reportRegistryPasswords(p *Pass, body *model.Value) {
	docker := mapKey(body, "docker")
	if docker == nil || docker.Kind != model.KindList {
		return
	}
	for _, img := range docker.List {
		for _, at := range [][2]string{{"auth", "password"}, {"aws_auth", "aws_secret_access_key"}} {
			v := mapKey(mapKey(img, at[0]), at[1])
			if v != nil && v.Kind == model.KindString && v.Str != "" && !strings.HasPrefix(v.Str, "$") && credential(v.Str) == "" {
				p.reportDetail(v.Range, "revoke the password, keep it in a project or context environment variable and write "+at[1]+" = \"$DOCKER_PASSWORD\" (CircleCI reads the variable when it pulls the image)", "this native \"circleci\" image logs in with a password written into the spec (%s.%s)", at[0], at[1])
			}
		}
	}
}

// reportContainerPasswords reports the passwords a native "github" block's container and
// services log in to their registry with (credentials.password) that are written out,
// not read from a secret (${{ secrets.REGISTRY_PASSWORD }}): any password there is a
// credential, whatever its form.
func reportContainerPasswords(p *Pass, body *model.Value) {
	images := []*model.Value{mapKey(body, "container")}
	if svcs := mapKey(body, "services"); svcs != nil && svcs.Kind == model.KindMap {
		for _, e := range svcs.Map {
			images = append(images, e.Value)
		}
	}
	for _, img := range images {
		v := mapKey(mapKey(img, "credentials"), "password")
		if v != nil && v.Kind == model.KindString && v.Str != "" && !strings.Contains(v.Str, "${{") && credential(v.Str) == "" {
			p.reportDetail(v.Range, "revoke the password, keep it as a repository or environment secret and write password = \"$${{ secrets.REGISTRY_PASSWORD }}\"", "this native \"github\" container logs in to its registry with a password written into the spec (credentials.password)")
		}
	}
}
