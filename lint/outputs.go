package lint

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pipec-dev/pipec/compile/expr"
	"github.com/pipec-dev/pipec/compile/model"
)

// carried says what a stage output may hold: text an outsider chooses, and whether that
// text is only branch, tag and ref names.
type carried struct{ untrusted, refOnly bool }

// outputCarried is what the stage output r reads (stage.NAME.outputs.KEY) may hold: a
// step of the stage that writes KEY=${ci.branch} (or another untrusted value) to
// $PIPEC_OUTPUT hands the value on to every stage that reads the output. The outputs of
// all stages are derived once per run, from the scripts alone: one pass over the spec.
func outputCarried(p *Pass, r *expr.Ref) carried {
	if r.Root() != "stage" || len(r.Path) != 4 || r.Path[2] != "outputs" {
		return carried{}
	}
	f := p.facts
	if f == nil {
		f = &facts{}
		p.facts = f
	}
	if f.outputs == nil {
		f.outputs = map[string]carried{}
		for _, s := range p.Pipeline.Stages {
			if len(s.Outputs) > 0 {
				stageOutputs(p, s, f.outputs)
			}
		}
	}
	return f.outputs[r.Path[1]+"."+r.Path[3]]
}

// stageOutputs records, for each output of s, whether a step writes an untrusted value
// to it: a line whose output goes to $PIPEC_OUTPUT (fileLines: echo, printf, tee, a
// here-document or a group redirected there) that holds KEY= and, after it, the value:
// the reference itself (echo "image=app:${ci.branch}"), a variable of the step's env
// that holds it (untrustedVars), or a shell variable the script gave it before
// (label="${input.note}", then echo "label=$label"). A value passed through a command
// substitution ($(... | tr -cd a-z)) may have been cleaned there, and is not followed.
// A branch name of a stage that runs only for refs the spec names is the spec's.
func stageOutputs(p *Pass, s *model.Stage, out map[string]carried) {
	var keys []string
	for _, o := range s.Outputs {
		keys = append(keys, o.Value)
	}
	for _, st := range stageSteps(s) {
		if !strings.Contains(st.Run.Literal(), "PIPEC_OUTPUT") {
			continue
		}
		// tainted maps a shell variable's name to whether its value is only ref names.
		tainted := map[string]bool{}
		for _, c := range untrustedVars(p, s, st) {
			tainted[c.Name] = isRefName(&expr.Ref{Path: strings.Split(c.from, ".")})
		}
		text, marks := taintedText(p, s, &st.Run)
		for name, r := range marks {
			tainted[name] = refName(p, r) // an output that carries only ref names is one
		}
		assignTaint(text, tainted, nil)
		for _, l := range fileLines(text, "PIPEC_OUTPUT") {
			for _, kv := range keyValues(l) {
				key := kv[0]
				if !slices.Contains(keys, key) {
					continue
				}
				only, ok := taintIn(kv[1], tainted)
				if !ok {
					continue
				}
				k := s.Name + "." + key
				c, seen := out[k]
				out[k] = carried{untrusted: true, refOnly: (!seen || c.refOnly) && only}
			}
		}
	}
}

var (
	// shellAssign is a line that gives a shell variable a value: NAME=value, export
	// NAME=value, local NAME=value.
	shellAssign = lazy(`^\s*(?:(?:export|local|declare|readonly|typeset)\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$`)
	// outputKey is KEY= in a line.
	outputKey = lazy(`([A-Za-z_][A-Za-z0-9_-]*)=`)
)

// keyValues lists each KEY= of a line with the text written as its value: up to the
// next KEY=, or the end of the command (;, &, |, a redirection).
func keyValues(l string) [][2]string {
	var out [][2]string
	ms := outputKey.FindAllStringSubmatchIndex(l, -1)
	for i, m := range ms {
		end := len(l)
		if i+1 < len(ms) {
			end = ms[i+1][0]
		}
		v := l[m[1]:end]
		if j := strings.IndexAny(v, ";&|>"); j >= 0 {
			v = v[:j]
		}
		out = append(out, [2]string{l[m[2]:m[3]], v})
	}
	return out
}

// taintedText is a script's text with each untrusted reference written as the expansion
// of a variable of its own (marks maps the variable to the reference), and each other
// reference as a plain word: the text the shell-reading heuristics follow a value in. A
// branch name in a stage that runs only for refs the spec names is the spec's.
func taintedText(p *Pass, s *model.Stage, t *expr.Template) (string, map[string]*expr.Ref) {
	marks := map[string]*expr.Ref{}
	var b strings.Builder
	for i, part := range t.Parts {
		r := part.Ref
		switch {
		case r == nil:
			b.WriteString(part.Lit)
		case untrusted(p, r) && !(refName(p, r) && refPinned(p, s)):
			name := fmt.Sprintf("__pipec_ref%d", i)
			marks[name] = r
			b.WriteString("${" + name + "}")
		default:
			b.WriteString("x")
		}
	}
	return b.String(), marks
}

// assignTaint follows the script's assignments in order: a variable given a value that
// expands a tainted one (label="${input.note}", tag="v$label") is tainted from there on,
// and one given any other value (label=$(clean "$label")) is not. from, if not nil,
// records where each tainted variable's value came from.
func assignTaint(text string, tainted map[string]bool, from map[string]string) {
	for _, l := range commandsOf(text) {
		m := shellAssign.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		only, ok := taintIn(m[2], tainted)
		if !ok {
			delete(tainted, m[1])
			continue
		}
		tainted[m[1]] = only
		if from != nil {
			from[m[1]] = firstTaint(m[2], tainted, from)
		}
	}
}

// commandsOf splits a script's lines (scriptLines) into their commands at ;, && and ||,
// ignoring quotes: enough to find the assignments that start them.
func commandsOf(text string) []string {
	var out []string
	for _, l := range scriptLines(text) {
		l = strings.NewReplacer("&&", ";", "||", ";").Replace(l)
		out = append(out, strings.Split(l, ";")...)
	}
	return out
}

// firstTaint is where the first tainted variable that text expands got its value.
func firstTaint(text string, tainted map[string]bool, from map[string]string) string {
	for i := 0; i < len(text); i++ {
		if text[i] != '$' {
			continue
		}
		if name, _ := shellVarAt(text, i); name != "" {
			if _, t := tainted[name]; t {
				return from[name]
			}
		}
	}
	return ""
}

// taintIn reports whether text expands a tainted variable outside a command
// substitution, and whether every such variable holds only ref names.
func taintIn(text string, tainted map[string]bool) (refOnly, ok bool) {
	refOnly = true
	for i := 0; i < len(text); i++ {
		switch {
		case strings.HasPrefix(text[i:], "$(") || text[i] == '`':
			return refOnly, ok // what follows may be the value, cleaned
		case text[i] != '$':
			continue
		}
		name, end := shellVarAt(text, i)
		if only, t := tainted[name]; t {
			ok = true
			refOnly = refOnly && only
		}
		if end > i+1 {
			i = end - 1
		}
	}
	return refOnly, ok
}
