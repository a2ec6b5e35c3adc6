package lint

import (
	"regexp"
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
	Rationale: "Branch and tag names and string inputs are chosen by whoever pushes or starts the run. pipec never pastes them into a script (they arrive as environment variables), but an unquoted expansion is still split into words and globbed by the shell, so an input such as `a -rf *` becomes several arguments and file names (git keeps blanks and glob characters out of branch and tag names, which makes those expansions a lesser risk, but an empty tag still drops out of the command line). In an arithmetic expression ($(( )) or (( ))) bash evaluates the value's text, so an input such as `a[$(id)]` runs a command whether it is quoted or not. Expansions the shell does not split are left alone: in double quotes, in an assignment (V=${input.x}), in [[ ]] except after ==, !=, = and =~, as a case subject, and in a here-document. A stage that runs only for refs the spec names (its condition or its environment's branches test a literal branch, or the only triggers that reach it are a push filter of literal branches and schedules) is left alone: those names are the spec's, not an outsider's.",
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
				if !untrusted(p.Pipeline, r) || isRefName(r) && refPinned(p, at.stage) {
					continue
				}
				switch u.how {
				case unquoted:
					p.Report(r.Range, "%s is expanded outside double quotes in step %q", r.String(), at.step.Name)
				case arithmetic:
					p.reportDetail(r.Range, arithmeticFix, "%s is evaluated as arithmetic in step %q", r.String(), at.step.Name)
				}
			}
		})
	},
}

// arithmeticFix is the fix for a value in $(( )) or (( )), which quotes do not make safe.
const arithmeticFix = "bash evaluates the text of an arithmetic expression, quoted or not, so a value such as a[$(id)] runs a command: check that it is a number first ([[ \"${input.count}\" =~ ^[0-9]+$ ]] || exit 1), or declare the input with type = \"number\""

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
	r := reach(p.Plan)
	jobs := jobsOf(p.Plan, s)
	for _, j := range jobs {
		if pins(r[j]) {
			continue
		}
		for _, sc := range scenarios(p.Pipeline) {
			if sc.eval(r[j]) == no || sc.event == "schedule" {
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

// How a shell expands a reference at its place in a script.
type shellExpansion int

const (
	unquoted    shellExpansion = iota // split into words and globbed
	quotedUse                         // one word as it is: in double quotes, an assignment, a here-document
	notExpanded                       // taken as text: in single quotes, a quoted here-document, a comment
	arithmetic                        // evaluated as an arithmetic expression
)

// refUse is a reference of a script and how the shell expands it.
type refUse struct {
	ref *expr.Ref
	how shellExpansion
}

// refMark stands for a reference in the script text the scanner reads: pipec puts ${VAR}
// there, one word part like any other shellExpansion.
const refMark = '\x00'

// A frame is a quoting context of the scanner; the unquoted ones (top level, a command
// substitution, a subshell) also track the words of the command being read.
type frameKind int

const (
	fTop frameKind = iota
	fParen
	fSubst
	fBacktick
	fDouble
	fSingle
	fANSI
	fParam
	fArith
	fComment
)

type frame struct {
	kind     frameKind
	quoted   bool // fParam: inside double quotes
	depth    int  // fArith: open parentheses
	cmdPos   bool // the next word starts a command
	inWord   bool
	word     []byte
	assign   bool   // the word is NAME=value at a command's start
	test     bool   // inside [[ ]]
	caseNext bool   // the next word is case's subject
	subject  bool   // the word is case's subject
	prevWord string // the last whole word
}

type heredoc struct {
	delim  string
	strip  bool // <<-: leading tabs are stripped
	quoted bool // <<'EOF': the body is text
}

var (
	assignStart = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*\+?=`)
	// Words after which a command starts again.
	cmdWords = map[string]bool{"{": true, "}": true, "then": true, "do": true, "else": true, "elif": true, "if": true, "while": true, "until": true, "time": true, "!": true}
)

// shellRefs reads a script as a POSIX shell (and bash) would, far enough to tell how each
// reference is expanded: quotes, command and arithmetic substitution, here-documents,
// comments, assignments, [[ ]] and case subjects.
func shellRefs(t *expr.Template) []refUse {
	var b strings.Builder
	var refs []*expr.Ref
	for _, p := range t.Parts {
		if p.Ref != nil {
			b.WriteByte(refMark)
			refs = append(refs, p.Ref)
			continue
		}
		b.WriteString(strings.ReplaceAll(p.Lit, string(refMark), ""))
	}
	s := b.String()
	uses := make([]refUse, len(refs))
	for i, r := range refs {
		uses[i] = refUse{ref: r, how: unquoted}
	}
	// at maps a reference's place in s to its index; a reference the scanner never
	// reaches (inside a here-document's delimiter) stays unquoted.
	at := map[int]int{}
	for i, k := 0, 0; i < len(s); i++ {
		if s[i] == refMark {
			at[i] = k
			k++
		}
	}
	mark := func(i int, how shellExpansion) {
		if k, ok := at[i]; ok {
			uses[k].how = how
		}
	}
	// skip passes over the character a backslash escapes: an escaped reference is text.
	skip := func(i int) int {
		if i+1 < len(s) && s[i+1] == refMark {
			mark(i+1, notExpanded)
		}
		return i + 1
	}
	stack := []*frame{{kind: fTop, cmdPos: true}}
	top := func() *frame { return stack[len(stack)-1] }
	push := func(k frameKind) *frame {
		f := &frame{kind: k, cmdPos: true}
		stack = append(stack, f)
		return f
	}
	pop := func() {
		if len(stack) > 1 {
			stack = stack[:len(stack)-1]
		}
	}
	inArith := func() bool {
		for _, f := range stack {
			if f.kind == fArith {
				return true
			}
		}
		return false
	}
	// word tracking, for the unquoted frames
	endWord := func(f *frame) {
		if !f.inWord {
			return
		}
		w := string(f.word)
		switch {
		case f.cmdPos && w == "[[":
			f.test = true
		case f.test && w == "]]":
			f.test = false
		}
		subject := f.subject
		f.caseNext = f.cmdPos && w == "case"
		if f.caseNext || subject {
			f.cmdPos = false
		} else {
			f.cmdPos = f.assign || (f.cmdPos && cmdWords[w])
		}
		f.prevWord = w
		f.inWord, f.word, f.assign, f.subject = false, nil, false, false
	}
	startWord := func(f *frame, i int) {
		if f.inWord {
			return
		}
		f.inWord = true
		f.assign = f.cmdPos && assignStart.MatchString(s[i:])
		f.subject = f.caseNext
		f.caseNext = false
	}
	var pending []heredoc
	for i := 0; i < len(s); i++ {
		c := s[i]
		f := top()
		switch f.kind {
		case fSingle:
			if c == '\'' {
				pop()
			} else if c == refMark {
				mark(i, notExpanded)
			}
			continue
		case fANSI:
			switch c {
			case '\\':
				i = skip(i)
			case '\'':
				pop()
			case refMark:
				mark(i, notExpanded)
			}
			continue
		case fComment:
			if c == '\n' {
				pop()
				i-- // the newline ends the command too
			} else if c == refMark {
				mark(i, notExpanded)
			}
			continue
		case fDouble, fParam:
			switch {
			case c == refMark:
				if inArith() {
					mark(i, arithmetic)
				} else if f.kind == fParam && !f.quoted {
					mark(i, unquoted)
				} else {
					mark(i, quotedUse)
				}
			case c == '\\':
				i = skip(i)
			case c == '"' && f.kind == fDouble:
				pop()
			case c == '}' && f.kind == fParam:
				pop()
			case c == '$' && strings.HasPrefix(s[i:], "$(("):
				push(fArith)
				i += 2
			case c == '$' && strings.HasPrefix(s[i:], "$("):
				push(fSubst)
				i++
			case c == '$' && strings.HasPrefix(s[i:], "${"):
				push(fParam).quoted = f.kind == fDouble || f.quoted
				i++
			case c == '`':
				push(fBacktick)
			case c == '"' && f.kind == fParam:
				push(fDouble)
			}
			continue
		case fArith:
			switch {
			case c == refMark:
				mark(i, arithmetic)
			case c == '(':
				f.depth++
			case c == ')' && f.depth > 0:
				f.depth--
			case c == ')':
				pop()
				if i+1 < len(s) && s[i+1] == ')' {
					i++
				}
			case c == '$' && strings.HasPrefix(s[i:], "$(") && !strings.HasPrefix(s[i:], "$(("):
				push(fSubst)
				i++
			case c == '"':
				push(fDouble)
			case c == '`':
				push(fBacktick)
			}
			continue
		}
		// An unquoted frame: fTop, fParen, fSubst, fBacktick.
		switch {
		case c == ' ' || c == '\t':
			endWord(f)
		case c == '\n':
			endWord(f)
			f.cmdPos = true
			if len(pending) > 0 {
				i = hereDocs(s, i+1, pending, mark) - 1
				pending = nil
			}
		case c == ';' || c == '&' || c == '|':
			endWord(f)
			f.cmdPos = true
		case c == '<' && strings.HasPrefix(s[i:], "<<") && !strings.HasPrefix(s[i:], "<<<"):
			endWord(f)
			h, next := hereDocStart(s, i+2)
			pending = append(pending, h)
			i = next - 1
		case (c == '<' || c == '>') && strings.HasPrefix(s[i+1:], "("):
			endWord(f)
			push(fSubst)
			i++
		case c == '<' || c == '>':
			endWord(f)
		case c == '(' && f.cmdPos && !f.inWord && strings.HasPrefix(s[i:], "(("):
			push(fArith)
			i++
		case c == '(':
			endWord(f)
			push(fParen)
		case c == ')' && (f.kind == fParen || f.kind == fSubst):
			endWord(f)
			pop()
		case c == ')': // a case pattern's end: its commands follow
			endWord(f)
			f.cmdPos = true
		case c == '`' && f.kind == fBacktick:
			endWord(f)
			pop()
		case c == '#' && !f.inWord:
			push(fComment)
		default:
			startWord(f, i)
			f.word = append(f.word, c)
			switch {
			case c == refMark:
				switch {
				case inArith():
					mark(i, arithmetic)
				case f.assign, f.subject, f.test && !patternOp[f.prevWord]:
					mark(i, quotedUse)
				default:
					mark(i, unquoted)
				}
			case c == '\\':
				i = skip(i)
			case c == '\'':
				push(fSingle)
			case c == '"':
				push(fDouble)
			case c == '`':
				push(fBacktick)
			case c == '$' && strings.HasPrefix(s[i:], "$(("):
				push(fArith)
				i += 2
			case c == '$' && strings.HasPrefix(s[i:], "$("):
				push(fSubst)
				i++
			case c == '$' && strings.HasPrefix(s[i:], "${"):
				push(fParam)
				i++
			case c == '$' && strings.HasPrefix(s[i:], "$'"):
				push(fANSI)
				i++
			}
		}
	}
	return uses
}

// patternOp are the [[ ]] operators whose right-hand word is a pattern, which an unquoted
// shellExpansion makes out of the value.
var patternOp = map[string]bool{"==": true, "=": true, "!=": true, "=~": true}

// hereDocStart reads a here-document's operator after "<<": the strip flag, the delimiter
// and whether it is quoted. It returns where the command line goes on.
func hereDocStart(s string, i int) (heredoc, int) {
	var h heredoc
	if i < len(s) && s[i] == '-' {
		h.strip = true
		i++
	}
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	var d []byte
	for i < len(s) && !strings.ContainsRune(" \t\n;&|<>()", rune(s[i])) {
		switch s[i] {
		case '\'', '"':
			h.quoted = true
			q := s[i]
			for i++; i < len(s) && s[i] != q; i++ {
				d = append(d, s[i])
			}
		case '\\':
			h.quoted = true
			if i+1 < len(s) {
				i++
				d = append(d, s[i])
			}
		default:
			d = append(d, s[i])
		}
		i++
	}
	h.delim = string(d)
	return h, i
}

// hereDocs reads the bodies of the here-documents a command line opened, from i (the
// start of the next line), and returns where the script goes on. A reference in an
// unquoted body expands to one word; in a quoted one it is text.
func hereDocs(s string, i int, hs []heredoc, mark func(int, shellExpansion)) int {
	for _, h := range hs {
		for i < len(s) {
			end := strings.IndexByte(s[i:], '\n')
			if end < 0 {
				end = len(s) - i
			}
			line := s[i : i+end]
			check := line
			if h.strip {
				check = strings.TrimLeft(line, "\t")
			}
			if check == h.delim {
				i += end + 1
				break
			}
			for k := 0; k < len(line); k++ {
				if line[k] != refMark {
					continue
				}
				if h.quoted {
					mark(i+k, notExpanded)
				} else {
					mark(i+k, quotedUse)
				}
			}
			i += end + 1
		}
	}
	if i > len(s) {
		return len(s)
	}
	return i
}
