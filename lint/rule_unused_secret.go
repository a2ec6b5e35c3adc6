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

// mentionsName reports whether one of texts holds name as a whole word, in any case
// (GitHub's secrets context ignores case; the other platforms' variables do not, but a
// native block naming the secret in another case is still about it).
func mentionsName(texts []string, name string) bool {
	name = strings.ToUpper(name)
	for _, t := range texts {
		t = strings.ToUpper(t)
		for i := strings.Index(t, name); i >= 0; {
			end := i + len(name)
			if (i == 0 || !wordByte(t[i-1])) && (end == len(t) || !wordByte(t[end])) {
				return true
			}
			next := strings.Index(t[i+1:], name)
			if next < 0 {
				break
			}
			i += 1 + next
		}
	}
	return false
}

func wordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z'
}
