package lint

import (
	"regexp"
	"strings"
	"sync"

	"github.com/pipec-dev/pipec/compile/expr"
)

// How a shell expands a reference at its place in a script.
type shellExpansion int

const (
	unquoted    shellExpansion = iota // split into words and globbed
	quotedUse                         // one word as it is: in double quotes, an assignment, a here-document
	notExpanded                       // taken as text: in single quotes
	hereText                          // taken as text: in a here-document with a quoted delimiter
	arithmetic                        // evaluated as an arithmetic expression
	evaluated                         // part of the code eval or sh -c runs: parsed as shell code
	ignored                           // in a comment, or escaped (\${ci.sha}): text, and meant as text
)

// refUse is a reference of a script and how the shell expands it.
type refUse struct {
	ref *expr.Ref
	how shellExpansion
}

// refMark stands for a reference in the script text the scanner reads: pipec puts ${VAR}
// there, one word part like any other expansion.
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
	assign   bool   // the word is NAME=value at a command's start, or of a declaration
	decl     bool   // the command is a declaration builtin (export, declare, ...)
	test     bool   // inside [[ ]]
	caseNext bool   // the next word is case's subject
	subject  bool   // the word is case's subject
	prevWord string // the last whole word
	// Code: eval runs its arguments, and sh -c (bash -c, ...) the word after -c, as shell
	// code, so a value expanded there is parsed as code, quoted or not.
	evalCmd  bool   // the command is eval
	interp   string // the last word of the command that names a shell ("sh") or an interpreter ("python", ...)
	codeNext bool   // the next word is the code of sh -c
	code     bool   // the word is code
	shellCmd bool   // the command is a shell (sh -c, not sudo sh -c)
	ssh      sshState
	// shellOpts are the words after the last shell of the command: whether it reads its
	// script from standard input (bash, sh -s, not bash deploy.sh).
	shellOpts []string
	child     bool // fSingle: code that a shell started by the script runs
	start     int  // fSingle with child: where the quoted text starts
}

type heredoc struct {
	delim  string
	strip  bool // <<-: leading tabs are stripped
	quoted bool // <<'EOF': the body is text
	code   bool // the body is the script of a shell the command runs (bash <<EOF, ssh host <<EOF)
	child  bool // that shell is the command itself, and inherits the script's variables
}

// sshState follows an ssh command's words: its options, then its destination, after
// which every word is the command the remote shell runs.
type sshState int

const (
	sshNone    sshState = iota
	sshOptions          // after ssh: options, or the destination
	sshOptArg           // the argument of an option (-p 22, -i key)
	sshCommand          // after the destination: the remote command
)

// sshArgOptions are ssh's options that take an argument.
const sshArgOptions = "BbcDEeFIiJLlmOopQRSWw"

var (
	assignStart = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*\+?=`)
	})
	// Words after which a command starts again.
	cmdWords = map[string]bool{"{": true, "}": true, "then": true, "do": true, "else": true, "elif": true, "if": true, "while": true, "until": true, "time": true, "!": true}
	// Declaration builtins, whose NAME=value arguments bash, dash and BusyBox ash expand as
	// assignments: export V=$x keeps the value one word, as V=$x does.
	declWords = map[string]bool{"export": true, "declare": true, "typeset": true, "local": true, "readonly": true}
	// Shells whose -c option runs the next word as a script, wherever on the command line
	// they are (sudo bash -c, docker exec c sh -c, kubectl exec p -- sh -c).
	shellWords = map[string]bool{"sh": true, "bash": true, "dash": true, "ash": true, "zsh": true, "ksh": true, "mksh": true}
	// An option cluster that holds c: -c, -ec, -xeuc.
	codeOption = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^-[A-Za-z]*c[A-Za-z]*$`) })
	// Interpreters that run code given on their command line, and the options that give it.
	interpCode = map[string]func(w string) bool{
		"python": func(w string) bool { return len(w) > 1 && w[0] == '-' && w[1] != '-' && strings.HasSuffix(w, "c") },
		"node":   func(w string) bool { return w == "-e" || w == "--eval" || w == "-p" || w == "--print" },
		"ruby":   func(w string) bool { return len(w) > 1 && w[0] == '-' && w[1] != '-' && strings.HasSuffix(w, "e") },
		"perl": func(w string) bool {
			return len(w) > 1 && w[0] == '-' && w[1] != '-' && strings.ContainsAny(w[len(w)-1:], "eE")
		},
		"php": func(w string) bool { return w == "-r" },
	}
)

// interpreterOf names the shell ("sh") or interpreter a command word runs, or "".
func interpreterOf(w string) string {
	w = w[strings.LastIndexByte(w, '/')+1:]
	switch {
	case shellWords[w]:
		return "sh"
	case w == "python" || strings.HasPrefix(w, "python3") || strings.HasPrefix(w, "python2"):
		return "python"
	case w == "node" || w == "nodejs":
		return "node"
	case w == "ruby" || w == "perl" || w == "php":
		return w
	}
	return ""
}

// codeArg reports whether w is the option after which interp takes its code: sh -c,
// python -c, node -e, perl -ne.
func codeArg(interp, w string) bool {
	if interp == "sh" {
		return codeOption().MatchString(w)
	}
	if f := interpCode[interp]; f != nil {
		return f(w)
	}
	return false
}

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
	hows := scanShell(b.String())
	uses := make([]refUse, len(refs))
	for i, r := range refs {
		uses[i] = refUse{ref: r, how: hows[i]}
	}
	return uses
}

// scanShell tells how the shell expands each refMark of a script, in order.
func scanShell(s string) []shellExpansion {
	// at maps a reference's place in s to its index; a reference the scanner never
	// reaches (inside a here-document's delimiter) stays unquoted.
	at := map[int]int{}
	for i := 0; i < len(s); i++ {
		if s[i] == refMark {
			at[i] = len(at)
		}
	}
	uses := make([]shellExpansion, len(at)) // unquoted, the zero value
	var stack []*frame
	// inCode reports whether the scanner is inside a word that eval or sh -c runs as code,
	// at any depth: eval "$(cat ${x})" runs what the substitution prints.
	inCode := func() bool {
		for _, f := range stack {
			if f.inWord && f.code {
				return true
			}
		}
		return false
	}
	mark := func(i int, how shellExpansion) {
		if k, ok := at[i]; ok {
			if (how == unquoted || how == quotedUse || how == arithmetic) && inCode() {
				how = evaluated
			}
			uses[k] = how
		}
	}
	// rescan judges the references of s[from:to] as the shell that runs that text as its
	// script reads them: the code of bash -c '...', or a here-document bash <<'EOF' reads.
	rescan := func(from, to int) {
		sub := scanShell(s[from:to])
		for k, n := from, 0; k < to; k++ {
			if j, ok := at[k]; ok {
				uses[j] = sub[n]
				n++
			}
		}
	}
	// skip passes over the character a backslash escapes: an escaped reference is text.
	skip := func(i int) int {
		if i+1 < len(s) && s[i+1] == refMark {
			mark(i+1, ignored)
		}
		return i + 1
	}
	stack = []*frame{{kind: fTop, cmdPos: true}}
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
		f.code = false
		switch {
		case f.cmdPos && !f.assign && !cmdWords[w]:
			f.evalCmd = w == "eval"
			f.shellCmd = shellWords[w[strings.LastIndexByte(w, '/')+1:]]
			if w == "ssh" {
				f.ssh = sshOptions
			}
		case f.ssh == sshOptArg:
			f.ssh = sshOptions
		case f.ssh == sshOptions && strings.HasPrefix(w, "-"):
			if len(w) > 1 && strings.IndexByte(sshArgOptions, w[len(w)-1]) >= 0 {
				f.ssh = sshOptArg
			}
		case f.ssh == sshOptions:
			f.ssh = sshCommand
		}
		f.codeNext = f.interp != "" && codeArg(f.interp, w)
		if in := interpreterOf(w); in != "" {
			f.interp, f.shellOpts = in, nil
		} else if f.interp != "" {
			f.shellOpts = append(f.shellOpts, w)
		}
		switch {
		case f.cmdPos && w == "[[":
			f.test = true
		case f.test && w == "]]":
			f.test = false
		}
		subject := f.subject
		f.caseNext = f.cmdPos && w == "case"
		switch {
		case f.caseNext || subject:
			f.cmdPos = false
		case f.cmdPos && !f.assign && declWords[w]:
			f.cmdPos, f.decl = false, true
		default:
			// An assignment before the command leaves the command to come; one that is a
			// declaration's argument does not.
			f.cmdPos = f.assign && !f.decl || (f.cmdPos && cmdWords[w])
		}
		f.prevWord = w
		f.inWord, f.word, f.assign, f.subject = false, nil, false, false
	}
	startWord := func(f *frame, i int) {
		if f.inWord {
			return
		}
		f.inWord = true
		f.assign = (f.cmdPos || f.decl) && assignStart().MatchString(s[i:])
		f.subject = f.caseNext
		f.caseNext = false
		f.code = f.evalCmd || f.codeNext || f.ssh == sshCommand
		f.codeNext = false
	}
	var pending []heredoc
	for i := 0; i < len(s); i++ {
		c := s[i]
		f := top()
		switch f.kind {
		case fSingle:
			if c == '\'' {
				pop()
				if f.child {
					// The code of eval or sh -c, in single quotes: the shell it runs in
					// expands the reference, whose variable it inherits.
					rescan(f.start, i)
				}
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
				mark(i, ignored)
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
			f.newCommand()
			if len(pending) > 0 {
				i = hereDocs(s, i+1, pending, mark, rescan) - 1
				pending = nil
			}
		case c == ';' || c == '&' || c == '|':
			endWord(f)
			f.newCommand()
		case c == '<' && strings.HasPrefix(s[i:], "<<") && !strings.HasPrefix(s[i:], "<<<"):
			endWord(f)
			h, next := hereDocStart(s, i+2)
			// A shell reading its script from the here-document (bash <<EOF, docker exec
			// -i c sh <<EOF, ssh host <<EOF) runs the body as code.
			h.code = f.interp != "" && readsProgram(f.interp, strings.Join(f.shellOpts, " ")) || f.ssh == sshCommand
			h.child = f.shellCmd
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
			f.newCommand()
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
				// Only a shell that inherits the script's variables expands them: eval,
				// or a shell that is the command itself (sudo resets the environment).
				g := push(fSingle)
				if f.code && (f.evalCmd || f.shellCmd) {
					g.child, g.start = true, i+1
				}
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

// newCommand starts a command in the frame, after a separator.
func (f *frame) newCommand() {
	f.cmdPos, f.decl = true, false
	f.evalCmd, f.interp, f.codeNext, f.code, f.shellCmd, f.ssh, f.shellOpts = false, "", false, false, false, sshNone, nil
}

// patternOp are the [[ ]] operators whose right-hand word is a pattern, which an unquoted
// expansion makes out of the value.
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
func hereDocs(s string, i int, hs []heredoc, mark func(int, shellExpansion), rescan func(from, to int)) int {
	for _, h := range hs {
		start := i
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
				break
			}
			for k := 0; k < len(line); k++ {
				if line[k] != refMark {
					continue
				}
				switch {
				case h.quoted:
					mark(i+k, hereText)
				case h.code:
					mark(i+k, evaluated) // expanded into the code, then run
				default:
					mark(i+k, quotedUse)
				}
			}
			i += end + 1
		}
		if h.quoted && h.code && h.child {
			// The shell expands the body's references itself, from the variables it
			// inherits, as its script.
			rescan(start, min(i, len(s)))
		}
		if i < len(s) { // at the delimiter's line: go past it
			if nl := strings.IndexByte(s[i:], '\n'); nl >= 0 {
				i += nl + 1
			} else {
				i = len(s)
			}
		}
	}
	if i > len(s) {
		return len(s)
	}
	return i
}
