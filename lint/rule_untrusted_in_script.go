package lint

import (
	"strings"

	"github.com/pipec-dev/pipec/compile"
	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/expr"
	"github.com/pipec-dev/pipec/compile/model"
)

var ruleUntrustedInScript = &Rule{
	ID:        "untrusted-in-script",
	Category:  Security,
	Severity:  diag.Warning,
	Summary:   "an attacker-controlled value is used unquoted in a script",
	Rationale: "Branch and tag names and string inputs are chosen by whoever pushes or starts the run. pipec never pastes them into a script (they arrive as environment variables), but an unquoted expansion is still split into words and globbed by the shell, so an input such as `a -rf *` becomes several arguments and file names (git keeps blanks and glob characters out of branch and tag names, which makes those expansions a lesser risk, but an empty tag still drops out of the command line). In an arithmetic expression ($(( )) or (( ))) bash evaluates the value's text, so an input such as `a[$(id)]` runs a command whether it is quoted or not; so does the code that eval runs (its arguments), that sh -c, bash -c and the like run (the word after -c, anywhere on the command line: sudo bash -c, docker exec c sh -c), that ssh runs on the host (the words after the destination), that an interpreter runs (python -c, node -e, ruby -e, perl -e, php -r), and the here-document a shell or interpreter reads as its program (bash <<EOF, ssh host <<EOF, python3 - <<EOF), where a value such as `$(id)` or `; id` is parsed as part of the script; in single quotes there (bash -c 'deploy ${ci.branch}'), or a quoted here-document (bash <<'EOF'), the shell that runs the code expands the reference, and is judged as the script is. Expansions the shell does not split are left alone: in double quotes, in an assignment (V=${input.x}, and export V=${input.x} or another declaration builtin's), in [[ ]] except after ==, !=, = and =~, as a case subject, and in a here-document. A stage that runs only for refs the spec names (its condition or its environment's branches test a literal branch, or the only triggers that reach it are a push filter of literal branches and schedules) is left alone: those names are the spec's, not an outsider's. The same holds for a variable given such a value (env = { T = input.x }, then $T in the script), at the step, stage or pipeline level, or by the script itself (T=\"${input.x}\", then $T, until the script gives T another value), and for a stage output a step writes from such a value (echo \"label=${input.x}\" >> \"$PIPEC_OUTPUT\", with text around it, through such a variable or one the script set from it, by printf or a here-document), read by the stages that need it; a value that passes through a command substitution (slug=$(... | tr -cd a-z)) may have been cleaned there and is not followed.",
	Fix:       "put the reference in double quotes: \"${ci.branch}\"",
	check: func(p *Pass) {
		templates(p.Pipeline, func(t *expr.Template, at place) {
			if at.what != "run" || at.step == nil {
				return
			}
			if sh := at.step.Shell; sh != nil && sh.Value != "bash" && sh.Value != "sh" {
				return
			}
			for _, u := range shellRefs(t) {
				r := u.ref
				if !untrusted(p, r) || refName(p, r) && refPinned(p, at.stage) {
					continue
				}
				switch u.how {
				case unquoted:
					p.reportDetail(r.Range, "put the reference in double quotes: \"${"+r.String()+"}\"", "%s is expanded outside double quotes in step %q", r.String(), at.step.Name)
				case arithmetic:
					p.reportDetail(r.Range, arithmeticFix, "%s is evaluated as arithmetic in step %q", r.String(), at.step.Name)
				case evaluated:
					p.reportDetail(r.Range, codeFix("${"+r.String()+"}"), "%s is expanded into code that then runs (eval, sh -c, ssh's command, python -c, a here-document a shell or interpreter reads) in step %q", r.String(), at.step.Name)
				}
			}
			// The same value handed over in a variable (env = { T = input.x }, then $T),
			// or one the script gives it (T="${input.x}", then $T).
			carriers := untrustedVars(p, at.stage, at.step)
			scriptCarriers(p, at.stage, t, carriers)
			if len(carriers) == 0 {
				return
			}
			for _, u := range shellRefs(throughVars(t, carriers)) {
				v := carriers[u.ref.Path[0]]
				switch u.how {
				case unquoted:
					p.reportDetail(t.Range, "put the variable in double quotes: \"$"+v.Name+"\"", "$%s (%s) is expanded outside double quotes in step %q", v.Name, v.from, at.step.Name)
				case arithmetic:
					p.reportDetail(t.Range, arithmeticFix, "$%s (%s) is evaluated as arithmetic in step %q", v.Name, v.from, at.step.Name)
				case evaluated:
					p.reportDetail(t.Range, codeFix("$"+v.Name), "$%s (%s) is expanded into code that then runs (eval, sh -c, ssh's command, python -c, a here-document a shell or interpreter reads) in step %q", v.Name, v.from, at.step.Name)
				}
			}
		})
	},
}

// arithmeticFix is the fix for a value in $(( )) or (( )), which quotes do not make safe.
const arithmeticFix = "bash evaluates the text of an arithmetic expression, quoted or not, so a value such as a[$(id)] runs a command: check that it is a number first ([[ \"${input.count}\" =~ ^[0-9]+$ ]] || exit 1), or declare the input with type = \"number\""

// codeFix is the fix for a value in the code eval, sh -c, ssh or a shell reading a
// here-document runs, which quotes do not make safe either: the shell parses the value
// as part of the script.
// It names the finding's value, written as the script writes it.
func codeFix(value string) string {
	return "that code is parsed after the value is in it, so quotes around it do not help and a value such as $(id) runs a command: hand the value over as an argument (sh -c 'deploy \"$1\"' sh \"" + value + "\"), or check it first ([[ \"" + value + "\" =~ ^[A-Za-z0-9._/-]+$ ]] || exit 1)"
}

// untrusted reports a reference whose value an outsider chooses: branch, tag and ref
// names, free-text manual inputs, and a stage output a step writes from one of those.
func untrusted(p *Pass, r *expr.Ref) bool {
	return untrustedValue(p.Pipeline, r) || outputCarried(p, r).untrusted
}

// refName reports a reference whose untrusted value is only a branch, tag or ref name,
// which a stage that runs for refs the spec names has chosen itself.
func refName(p *Pass, r *expr.Ref) bool {
	return isRefName(r) || outputCarried(p, r).refOnly
}

// untrustedValue reports a reference to a value an outsider chooses (not an output).
func untrustedValue(p *model.Pipeline, r *expr.Ref) bool {
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

func isRefName(r *expr.Ref) bool {
	switch r.String() {
	case "ci.branch", "ci.tag", "ci.ref":
		return true
	}
	return false
}

// refPinned reports whether every run of the stage is for a ref the spec names: its
// condition says so (when = ci.branch == "main", or an environment's branches = ["main"],
// which lowers to a test of ci.ref), or the only triggers that reach it are a push filter
// of literal branch names and schedules (which run on the default branch). Then branch,
// tag and ref are names the spec chose, not an outsider, and splitting them is harmless.
func refPinned(p *Pass, s *model.Stage) bool {
	if s == nil {
		return false
	}
	jobs := jobsOf(p, s)
	var vals []map[*compile.Job]tri
	scs := scenarios(p.Pipeline)
	for _, j := range jobs {
		if pinnedJob(p, j) {
			continue
		}
		if vals == nil {
			for _, sc := range scs {
				vals = append(vals, jobValues(p.Plan, sc))
			}
		}
		for i, sc := range scs {
			if vals[i][j] == no || sc.event == "schedule" {
				continue
			}
			if b, ok := sc.known["ci.branch"]; !ok || !plainName(b) {
				return false
			}
		}
	}
	return len(jobs) > 0
}

// pins reports whether x is true only for ref names given literally in it.
func pins(x expr.Expr) bool {
	switch n := x.(type) {
	case *expr.Binary:
		switch n.Op {
		case "&&":
			return pins(n.X) || pins(n.Y)
		case "||":
			return pins(n.X) && pins(n.Y)
		case "==":
			ref, lit, ok := expr.RefAndLiteral(n)
			return ok && isRefName(ref) && plainName(lit)
		}
	case *expr.Call:
		if n.Func != "matches" || len(n.Args) != 2 {
			return false
		}
		ref, ok := n.Args[0].(*expr.RefExpr)
		lit, lok := n.Args[1].(*expr.StringLit)
		return ok && lok && isRefName(ref.Ref) && plainName(lit.Value)
	}
	return false
}

// plainName reports a ref name without glob or shell metacharacters: one word that
// the shell leaves as it is.
func plainName(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune("._/-+@", c)) {
			return false
		}
	}
	return true
}

// carrier is an env variable that holds an attacker-controlled value: from names the
// reference it was given.
type carrier struct {
	Name string
	from string
}

// untrustedVars are the variables a step sees (its own env over its stage's over the
// pipeline's) whose value holds a reference untrusted-in-script judges, by name.
func untrustedVars(p *Pass, s *model.Stage, st *model.Step) map[string]carrier {
	out := map[string]carrier{}
	var levels [][]*model.EnvVar
	levels = append(levels, p.Pipeline.Env)
	if s != nil {
		levels = append(levels, s.Env)
	}
	levels = append(levels, st.Env)
	for _, env := range levels {
		for _, v := range env {
			delete(out, v.Name) // a nearer level replaces the variable
			for _, r := range v.Value.Refs() {
				if untrusted(p, r) && !(refName(p, r) && refPinned(p, s)) {
					out[v.Name] = carrier{Name: v.Name, from: r.String()}
					break
				}
			}
		}
	}
	return out
}

// scriptCarriers adds to carriers the variables the script t gives an untrusted value,
// directly or through another such variable (label="${input.note}", tag="v$label"),
// in the order of its lines (assignTaint).
func scriptCarriers(p *Pass, s *model.Stage, t *expr.Template, carriers map[string]carrier) {
	text, marks := taintedText(p, s, t)
	if len(marks) == 0 && len(carriers) == 0 {
		return
	}
	tainted, from := map[string]bool{}, map[string]string{}
	for name, c := range carriers {
		tainted[name], from[name] = false, c.from
	}
	for name, r := range marks {
		tainted[name], from[name] = false, r.String()
	}
	assignTaint(text, tainted, from)
	for name := range tainted {
		if _, mark := marks[name]; !mark && carriers[name].Name == "" {
			carriers[name] = carrier{Name: name, from: from[name]}
		}
	}
}

// throughVars is t with every $NAME and ${NAME} of a carrier turned into a reference
// part whose path is the variable's name, so shellRefs judges the expansion; t's own
// references become text.
func throughVars(t *expr.Template, carriers map[string]carrier) *expr.Template {
	out := &expr.Template{Range: t.Range}
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			out.Parts = append(out.Parts, expr.Part{Lit: lit.String()})
			lit.Reset()
		}
	}
	for _, part := range t.Parts {
		if part.Ref != nil {
			lit.WriteString("x") // a value of its own: not a carrier
			continue
		}
		s := part.Lit
		for i := 0; i < len(s); i++ {
			if s[i] != '$' || (i > 0 && s[i-1] == '\\') {
				lit.WriteByte(s[i])
				continue
			}
			name, end := shellVarAt(s, i)
			if _, ok := carriers[name]; !ok {
				lit.WriteByte(s[i])
				continue
			}
			flush()
			out.Parts = append(out.Parts, expr.Part{Ref: &expr.Ref{Path: []string{name}, Range: t.Range}})
			i = end - 1
		}
	}
	flush()
	return out
}

// shellVarAt reads the variable expansion $NAME or ${NAME} at s[i] (a '$'); it returns
// the name and the index after the expansion, or "" for anything else ($1, ${#X}, ${!X}).
// An expansion that changes the value (${X:-y}, ${X//a/b}) counts as X's.
func shellVarAt(s string, i int) (string, int) {
	j := i + 1
	braced := j < len(s) && s[j] == '{'
	if braced {
		j++
	}
	k := j
	for k < len(s) && (s[k] == '_' || s[k] >= 'a' && s[k] <= 'z' || s[k] >= 'A' && s[k] <= 'Z' || k > j && s[k] >= '0' && s[k] <= '9') {
		k++
	}
	if k == j {
		return "", i + 1
	}
	if braced {
		if k < len(s) && s[k] == '}' {
			return s[j:k], k + 1
		}
		// ${NAME:-default}, ${NAME//\//-}, ${NAME%.*}: the value, changed, expands
		// where the braces stand.
		if k < len(s) && strings.IndexByte(":-=+?%#/^,", s[k]) >= 0 {
			if end := closingBrace(s, k); end > 0 {
				return s[j:k], end + 1
			}
		}
		return "", i + 1
	}
	return s[j:k], k
}

// closingBrace finds the } that ends a parameter expansion whose operator starts at s[k],
// past nested ${...} and escaped characters; -1 when there is none.
func closingBrace(s string, k int) int {
	depth := 0
	for ; k < len(s); k++ {
		switch s[k] {
		case '\\':
			k++
		case '{':
			depth++
		case '}':
			if depth == 0 {
				return k
			}
			depth--
		}
	}
	return -1
}
