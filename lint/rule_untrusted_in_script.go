package lint

import (
	"strings"

	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/expr"
	"github.com/pipec-dev/pipec/compile/model"
)

var ruleUntrustedInScript = &Rule{
	ID:        "untrusted-in-script",
	Category:  Security,
	Severity:  diag.Warning,
	Summary:   "an attacker-controlled value is used unquoted in a script",
	Rationale: "Branch and tag names and string inputs are chosen by whoever pushes or starts the run. pipec never pastes them into a script (they arrive as environment variables), but an unquoted expansion is still split into words and globbed by the shell, so a branch named `x;*` or `--upload-pack=...` changes what the command does.",
	Fix:       "put the reference in double quotes: \"${ci.branch}\"",
	check: func(p *Pass) {
		templates(p.Pipeline, func(t *expr.Template, at place) {
			if at.what != "run" || at.step == nil {
				return
			}
			if sh := at.step.Shell; sh != nil && sh.Value != "bash" && sh.Value != "sh" {
				return
			}
			for _, r := range unquotedRefs(t) {
				if untrusted(p.Pipeline, r) {
					p.Report(r.Range, "%s is expanded outside double quotes in step %q", r.String(), at.step.Name)
				}
			}
		})
	},
}

// untrusted reports a reference whose value an outsider chooses: branch, tag and ref
// names, and free-text manual inputs.
func untrusted(p *model.Pipeline, r *expr.Ref) bool {
	switch r.String() {
	case "ci.branch", "ci.tag", "ci.ref":
		return true
	}
	if r.Root() == "input" && p.On != nil && p.On.Manual != nil && len(r.Path) > 1 {
		for _, in := range p.On.Manual.Inputs {
			if in.Name == r.Path[1] {
				return in.Type.Value == "" || in.Type.Value == model.InputString
			}
		}
	}
	return false
}

// unquotedRefs lists the references a POSIX shell would expand outside double quotes
// (inside single quotes nothing expands; the value is safe there too, but it is not
// what the author meant, which other tools report).
func unquotedRefs(t *expr.Template) []*expr.Ref {
	var out []*expr.Ref
	inDouble, inSingle, inComment := false, false, false
	prev := byte('\n')
	for _, part := range t.Parts {
		if part.Ref != nil {
			if !inDouble && !inSingle && !inComment {
				out = append(out, part.Ref)
			}
			prev = 'x'
			continue
		}
		s := part.Lit
		for i := 0; i < len(s); i++ {
			c := s[i]
			switch {
			case inComment:
				inComment = c != '\n'
			case inSingle:
				inSingle = c != '\''
			case c == '\\':
				i++
			case c == '"':
				inDouble = !inDouble
			case c == '\'' && !inDouble:
				inSingle = true
			case c == '#' && !inDouble && strings.IndexByte(" \t\n;&|(", prev) >= 0:
				// A comment runs to the end of the line.
				inComment = true
			}
			prev = c
		}
	}
	return out
}
