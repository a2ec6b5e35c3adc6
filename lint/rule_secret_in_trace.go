package lint

import (
	"slices"
	"strings"

	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/expr"
	"github.com/pipec-dev/pipec/compile/model"
)

// xtrace matches what turns tracing on (set -x, set -o xtrace: group 2, which holds
// bash -x as group 3) and off (set +x, set +o xtrace: group 6).
var xtrace = lazy(`(^|[\s;&|({])(set\s+-[a-wyz]*x|set\s+-o\s+xtrace|((ba)?sh\s+-[a-wyz]*x))|(^|[\s;&|({])(set\s+\+[a-wyz]*x|set\s+\+o\s+xtrace)`)

// mayTrace is false for a script xtrace cannot match: each match holds "xtrace" or, after
// white space, a flag that ends in x (-x, -ex, +x). Most scripts hold neither, and
// matching the expression (and compiling it) cost more than the rest of the rule.
func mayTrace(s string) bool {
	if strings.Contains(s, "xtrace") {
		return true
	}
	for i := strings.IndexByte(s, 'x'); i >= 0; {
		j := i - 1 // the flag's letters before the x: [a-wyz]*
		for j >= 0 && s[j] >= 'a' && s[j] <= 'z' && s[j] != 'x' {
			j--
		}
		if j >= 1 && (s[j] == '-' || s[j] == '+') && isSpaceRE(s[j-1]) {
			return true
		}
		next := strings.IndexByte(s[i+1:], 'x')
		if next < 0 {
			break
		}
		i += 1 + next
	}
	return false
}

// isSpaceRE is \s of Go's regular expressions.
func isSpaceRE(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}

var ruleSecretInTrace = &Rule{
	ID:        "secret-in-trace",
	Category:  Security,
	Severity:  diag.Warning,
	Summary:   "a step that reads secrets traces its commands",
	Rationale: "With set -x the shell prints every command after expansion, secrets included, and so is an oidc identity's token when the script expands its variable. GitLab's CI_DEBUG_TRACE does the same for the whole job, and prints every variable it has. Masking on the platforms matches exact values only: a secret that is encoded, split or embedded in a URL is printed in clear. A secret the script expands only where tracing is off (after set +x) is left alone, and so is set -x in a comment or in quoted text.",
	Fix:       "drop set -x from steps that handle secrets, or turn it off (set +x) around the commands that expand them; set CI_DEBUG_TRACE for one run when debugging, never in the spec",
	check: func(p *Pass) {
		templates(p.Pipeline, func(t *expr.Template, at place) {
			if at.what != "run" || !mayTrace(t.Literal()) || !xtrace.MatchString(t.Literal()) {
				return
			}
			script, secrets := markedScript(t)
			spans := traceSpans(script)
			if len(spans) == 0 {
				return
			}
			if secretTraced(at, script, secrets, spans) {
				p.Report(at.step.NameRange, "step %q traces commands (set -x) and reads secrets", at.step.Name)
			} else if id := tokenRead(p.Pipeline, at, script, spans); id != "" {
				p.Report(at.step.NameRange, "step %q traces commands (set -x) and reads identity %q's token", at.step.Name, id)
			}
		})
		// GitLab's debug trace is set -x for the whole job, runner's side included: pipeline
		// and stage env become job variables, which is where the runner reads it.
		if !slices.Contains(p.Targets, "gitlab") {
			return
		}
		envs := [][]*model.EnvVar{p.Pipeline.Env}
		for _, s := range p.Pipeline.Stages {
			envs = append(envs, s.Env)
		}
		for _, env := range envs {
			for _, v := range env {
				if gitlabDebug[v.Name] && strings.EqualFold(v.Value.Literal(), "true") {
					p.Report(v.NameRange, "%s = \"true\" makes GitLab print every variable of the job, secrets and tokens included, in its log", v.Name)
				}
			}
		}
	},
}

// gitlabDebug is the variable that turns on GitLab's debug trace.
var gitlabDebug = map[string]bool{"CI_DEBUG_TRACE": true}

// span is a part of a script, from start to end.
type span struct{ start, end int }

func (sp span) holds(i int) bool { return sp.start <= i && i < sp.end }

// markedScript is a script's text with each reference a one-character mark, and where its
// secret references are.
func markedScript(t *expr.Template) (string, []int) {
	var b strings.Builder
	var secrets []int
	for _, part := range t.Parts {
		if part.Ref == nil {
			b.WriteString(part.Lit)
			continue
		}
		if part.Ref.Root() == "secret" {
			secrets = append(secrets, b.Len())
		}
		b.WriteByte(refMark)
	}
	return b.String(), secrets
}

// traceSpans lists the parts of a script that run traced: from each set -x (or set -o
// xtrace) to the next set +x or the script's end, and the rest of the line of each
// bash -x. A set -x in a comment or in quotes (echo 'debug with set -x') traces nothing.
func traceSpans(script string) []span {
	code := inertBlanked(script)
	var out []span
	on := -1
	for _, m := range xtrace.FindAllStringSubmatchIndex(code, -1) {
		switch {
		case m[6] >= 0: // bash -x runs its script traced: the rest of this line
			end := strings.IndexByte(code[m[6]:], '\n')
			if end < 0 {
				end = len(code) - m[6]
			}
			out = append(out, span{m[6], m[6] + end})
		case m[4] >= 0:
			if on < 0 {
				on = m[4]
			}
		case on >= 0: // set +x
			out = append(out, span{on, m[12]})
			on = -1
		}
	}
	if on >= 0 {
		out = append(out, span{on, len(code)})
	}
	return out
}

// inertBlanked is script with its comments and the text inside its quotes replaced by
// blanks (newlines kept), so that what is left at each place is code the shell runs.
func inertBlanked(script string) string {
	b := []byte(script)
	var quote byte // the open quote, or 0
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case quote == 0 && c == '#' && (i == 0 || strings.IndexByte(" \t\n;&|(", b[i-1]) >= 0):
			for ; i < len(b) && b[i] != '\n'; i++ {
				b[i] = ' '
			}
		case quote == 0 && (c == '\'' || c == '"'):
			quote = c
		case c == quote:
			quote = 0
		case c == '\\' && quote != '\'' && i+1 < len(b):
			if quote != 0 {
				b[i] = ' '
			}
			i++
			if quote != 0 && b[i] != '\n' {
				b[i] = ' '
			}
		case quote != 0 && c != '\n':
			b[i] = ' '
		}
	}
	return string(b)
}

// secretTraced reports whether the step hands a secret to a traced part of its script:
// the script expands it there (${secret.x}, or $TOKEN of an env variable that holds one),
// or it holds one in a variable the script never expands, which a traced command may
// read anywhere.
func secretTraced(at place, script string, secrets []int, spans []span) bool {
	for _, i := range secrets {
		if traced(spans, i) {
			return true
		}
	}
	for name := range secretVars(at.step) {
		uses := expansions(script, name)
		if len(uses) == 0 {
			return true
		}
		for _, i := range uses {
			if traced(spans, i) {
				return true
			}
		}
	}
	for _, v := range at.stage.Env {
		for _, r := range v.Value.Refs() {
			if r.Root() == "secret" {
				return true
			}
		}
	}
	return false
}

// expansions lists where the script expands the variable name ($NAME or ${NAME}).
func expansions(script, name string) []int {
	var out []int
	for _, m := range shellVar.FindAllStringSubmatchIndex(script, -1) {
		if m[4] >= 0 && script[m[4]:m[5]] == name || m[6] >= 0 && script[m[6]:m[7]] == name {
			out = append(out, m[0])
		}
	}
	return out
}

func traced(spans []span, i int) bool {
	for _, sp := range spans {
		if sp.holds(i) {
			return true
		}
	}
	return false
}

// tokenRead names the stage's oidc identity when a traced part of the script expands the
// variable that holds its token ($PLATFORM_TOKEN): a bearer credential like any secret,
// and one CircleCI does not mask.
func tokenRead(p *model.Pipeline, at place, script string, spans []span) string {
	if at.stage == nil || at.stage.Identity == nil {
		return ""
	}
	for _, id := range p.Identities {
		if id.Name != at.stage.Identity.Value || id.OIDC == nil {
			continue
		}
		for _, i := range expansions(script, id.OIDC.Env.Value) {
			if traced(spans, i) {
				return id.Name
			}
		}
	}
	return ""
}
