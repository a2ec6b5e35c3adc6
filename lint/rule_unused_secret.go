package lint

import (
	"slices"
	"strings"

	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/model"
	"github.com/pipec-dev/pipec/targets"
)

var ruleUnusedSecret = &Rule{
	ID:        "unused-secret",
	Category:  Correctness,
	Severity:  diag.Warning,
	Summary:   "a secret is declared and never referenced",
	Rationale: "pipec gives a secret only to the steps that reference it, so a declared secret nobody references is never delivered anywhere. Usually a reference was misspelled or removed; a stale secret left in the platform's store is one more credential to leak. A secret that a native block names in the platform's own syntax (${{ secrets.NPM_TOKEN }}, $NPM_TOKEN) counts as used.",
	Fix:       "reference it as ${secret.NAME} where it is needed, or delete the declaration (and the value in the platform's secret store)",
	check: func(p *Pass) {
		seen := referenced(p)
		var unused []*model.Secret
		for _, s := range p.Pipeline.Secrets {
			if !seen["secret."+s.Name] {
				unused = append(unused, s)
			}
		}
		if len(unused) == 0 {
			return
		}
		texts := nativeTexts(p)
		for _, s := range unused {
			if !mentionsName(texts, targets.EnvName(s.Name)) {
				p.Report(s.NameRange, "secret %q is never referenced", s.Name)
			}
		}
	},
}

// nativeTexts lists the strings, keys and values, of the native blocks of the selected
// targets. A native block cannot hold a pipec reference, so a secret it uses is written
// in the platform's own syntax (${{ secrets.NPM_TOKEN }}, $NPM_TOKEN, $(NPM_TOKEN)).
func nativeTexts(p *Pass) []string {
	var out []string
	var walk func(v *model.Value)
	walk = func(v *model.Value) {
		if v == nil {
			return
		}
		switch v.Kind {
		case model.KindList:
			for _, x := range v.List {
				walk(x)
			}
		case model.KindMap:
			for _, e := range v.Map {
				out = append(out, e.Key)
				walk(e.Value)
			}
		default:
			out = append(out, v.Text())
		}
	}
	for _, s := range p.Pipeline.Stages {
		for _, n := range s.Natives {
			if slices.Contains(p.Targets, n.Target) {
				walk(n.Body)
			}
		}
	}
	return out
}

// mentionsName reports whether one of texts names a secret stored as name the way a
// platform reads one: GitHub's secrets.NAME (in any case, as GitHub compares them),
// or a variable, $NAME, ${NAME}, $(NAME) (Azure) or $env:NAME. The bare word is not
// enough: a secret "token" is not used by a native block's key "token".
func mentionsName(texts []string, name string) bool {
	for _, t := range texts {
		if wordAfter(strings.ToUpper(t), "SECRETS."+name) {
			return true
		}
		for _, prefix := range []string{"$", "${", "$(", "$env:"} {
			if wordAfter(t, prefix+name) {
				return true
			}
		}
	}
	return false
}

// wordAfter reports whether s holds w not followed by a character of a name.
func wordAfter(s, w string) bool {
	for i := strings.Index(s, w); i >= 0; {
		end := i + len(w)
		if end == len(s) || !wordByte(s[end]) {
			return true
		}
		next := strings.Index(s[i+1:], w)
		if next < 0 {
			return false
		}
		i += 1 + next
	}
	return false
}

func wordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z'
}
