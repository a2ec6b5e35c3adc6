package lint

import (
	"slices"
	"strings"

	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/expr"
)

var ruleUntrustedInEnvFile = &Rule{
	ID:        "untrusted-in-env-file",
	Category:  Security,
	Severity:  diag.Warning,
	Summary:   "a value an outsider may write on several lines goes to $GITHUB_ENV, $GITHUB_PATH or $PIPEC_OUTPUT",
	Rationale: "Each line of $GITHUB_ENV sets a variable for the steps after this one, each line of $GITHUB_PATH puts a directory first on their PATH, and each line of $PIPEC_OUTPUT sets a stage output. A string input may hold a newline, so echo \"NOTE=${input.note}\" >> \"$GITHUB_ENV\" lets whoever starts the run add a line of their own: BASH_ENV or LD_PRELOAD, which run their code in every later step, a directory of their choosing first on PATH, or an output a later stage's condition trusts. Branch and tag names cannot hold a newline, so they are left alone. A line counts when its output goes to the file (echo, printf, tee, through a variable holding the file's name, a here-document's or a redirected group's lines) and it expands the input, directly, through a variable of the step's env or one the script gave it; a value that passes through a command substitution ($(printf %s \"$NOTE\" | tr -d '\\n')) may have been cleaned there and is not followed.",
	Fix:       "read the input where it is used, not through the file (env = { NOTE = input.note } on the later step), or strip newlines first: note=$(printf %s \"${input.note}\" | tr -d '\\n\\r')",
	check: func(p *Pass) {
		templates(p.Pipeline, func(t *expr.Template, at place) {
			if at.what != "run" || at.step == nil || !namesEnvFile(t.Literal()) {
				return
			}
			text, marks := taintedText(p, at.stage, t)
			tainted := map[string]bool{}
			for name, r := range marks {
				if multiLine(p, r) {
					tainted[name] = true
				}
			}
			for _, c := range untrustedVars(p, at.stage, at.step) {
				if strings.HasPrefix(c.from, "input.") {
					tainted[c.Name] = true
				}
			}
			if len(tainted) == 0 {
				return
			}
			assignTaint(text, tainted, nil)
			seen := map[string]bool{} // one finding per value and file in a step
			for _, file := range envFiles {
				for _, l := range fileLines(text, file) {
					for _, name := range taintedNames(written(l), tainted) {
						if seen[name+" "+file] {
							continue
						}
						seen[name+" "+file] = true
						if r := marks[name]; r != nil {
							p.Report(r.Range, "%s may hold a newline and goes to $%s in step %q, where each line %s", r.String(), file, at.step.Name, envFileLine[file])
						} else {
							p.Report(t.Range, "$%s may hold a newline (an input's value) and goes to $%s in step %q, where each line %s", name, file, at.step.Name, envFileLine[file])
						}
					}
				}
			}
		})
	},
}

// envFiles are the files whose every line sets something for later steps or stages.
var envFiles = []string{"GITHUB_ENV", "GITHUB_PATH", "PIPEC_OUTPUT"}

var envFileLine = map[string]string{
	"GITHUB_ENV":   "sets a variable for the later steps",
	"GITHUB_PATH":  "puts a directory first on the later steps' PATH",
	"PIPEC_OUTPUT": "sets a stage output",
}

func namesEnvFile(script string) bool {
	for _, f := range envFiles {
		if strings.Contains(script, f) {
			return true
		}
	}
	return false
}

// multiLine reports a reference whose value may hold a newline: a free-text manual
// input. Branch, tag and ref names cannot, and a stage output is one line of
// $PIPEC_OUTPUT.
func multiLine(p *Pass, r *expr.Ref) bool {
	return r.Root() == "input" && untrustedValue(p.Pipeline, r)
}

// taintedNames lists the tainted variables text expands outside a command substitution,
// once each, in order (as taintIn reads them).
func taintedNames(text string, tainted map[string]bool) []string {
	var out []string
	for i := 0; i < len(text); i++ {
		switch {
		case strings.HasPrefix(text[i:], "$(") || text[i] == '`':
			return out // what follows may be the value, cleaned
		case text[i] != '$':
			continue
		}
		name, end := shellVarAt(text, i)
		if _, t := tainted[name]; t && !slices.Contains(out, name) {
			out = append(out, name)
		}
		if end > i+1 {
			i = end - 1
		}
	}
	return out
}

// written is the text of a line's commands other than assignments: n="${input.note}";
// echo "NOTE=$n" >> "$GITHUB_ENV" writes $n to the file, not the input it was given. A
// line of one command stays whole: NOTE=${input.note} in a here-document is written.
func written(line string) string {
	cmds := commandsOf(line)
	if len(cmds) < 2 {
		return line
	}
	var out []string
	for _, c := range cmds {
		if !shellAssign.MatchString(c) {
			out = append(out, c)
		}
	}
	return strings.Join(out, ";")
}
