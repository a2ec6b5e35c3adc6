package github

import (
	"strings"

	"github.com/pipec-dev/pipec/compile/model"
)

// GitHub's filter patterns are not globs in two places: `+` means "one or more of the
// character before it" and `?` "zero or one of the character before it", as in a
// regular expression, and a set cannot be negated. A spec's `+` is a character of the
// name, so it is escaped (`\+`, and `\` itself as `\\`); a spec's `?` (any one
// character) and `[!set]` have no GitHub form and are errors, since the workflow would
// run for other names than the other targets.

// checkGlobs reports the globs of a trigger filter that GitHub would read differently.
func (e *emitter) checkGlobs(list []model.String) {
	for _, g := range list {
		if msg := unsupportedGlob(g.Value); msg != "" {
			e.errorf(g.Range, "unsupported-glob", msg, "glob %q cannot be written as a GitHub filter pattern", g.Value)
		}
	}
}

// unsupportedGlob says why GitHub cannot read glob g as pipec does, or "".
func unsupportedGlob(g string) string {
	inSet := false
	for i := 0; i < len(g); i++ {
		switch c := g[i]; {
		case c == '[' && !inSet:
			inSet = true
			if i+1 < len(g) && (g[i+1] == '!' || g[i+1] == '^') {
				return "GitHub's filter patterns cannot negate a set; list the characters the set stands for"
			}
		case c == ']' && inSet:
			inSet = false
		case c == '?' && !inSet:
			return "GitHub reads ? as \"zero or one of the character before it\" and has no single-character wildcard; write * or list the names"
		}
	}
	return ""
}

// ghGlob writes a glob as a GitHub filter pattern: `+` and `\` outside a set are escaped,
// so that each stands for itself as in the spec.
func ghGlob(g string) string {
	var b strings.Builder
	inSet := false
	for i := 0; i < len(g); i++ {
		c := g[i]
		switch {
		case c == '[' && !inSet:
			inSet = true
		case c == ']' && inSet:
			inSet = false
		case (c == '+' || c == '\\') && !inSet:
			b.WriteByte('\\')
		}
		b.WriteByte(c)
	}
	return b.String()
}

// globs renders a trigger filter's globs.
func globs(list []model.String) []any {
	out := make([]any, len(list))
	for i, s := range list {
		out[i] = ghGlob(s.Value)
	}
	return out
}
