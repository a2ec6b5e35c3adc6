package hcl

import (
	"bytes"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// quickNesting is tokenNesting(hclsyntax.LexConfig(src)) without the tokens: it reads
// src as hclsyntax's lexer (scan_tokens.rl) does, into the token types nesting counts, and
// feeds them to it. Lexing builds a token of about a hundred bytes for every few bytes of
// the file, and doing that once more before parsing cost as much as half of the parse.
//
// It only needs the kinds of tokens nesting tells apart, in order; a run of others may
// stand for one (nesting resets the run of unary operators on any of them). ok is false
// where the file holds what it does not model (invalid UTF-8, a lone carriage return in
// a heredoc, a heredoc marker that is not ASCII, an unbalanced "~}"); the caller then
// measures the tokens. FuzzParse checks that it agrees with tokenNesting.
func quickNesting(src []byte) (deepest int, ok bool) {
	scan, ok := quickScan(src)
	return scan.deepest, ok
}

// quickScanned is what quickScan learns of a file in its one pass.
type quickScanned struct {
	deepest int
	// bodies holds, for each block at the top of the file, the offsets in the file just
	// after each line break directly in its body (not inside a nested block, bracket,
	// string or heredoc): the places its items may end. parseChunks splits a large
	// body there.
	bodies [][]int
}

// quickScan is quickNesting, also returning where the items of top-level bodies end.
func quickScan(src []byte) (quickScanned, bool) {
	base := 0
	if bytes.HasPrefix(src, []byte("\xef\xbb\xbf")) {
		src, base = src[3:], 3
	}
	if !utf8.Valid(src) {
		return quickScanned{}, false
	}
	q := &quickLexer{src: src, base: base}
	if !q.run() {
		return quickScanned{}, false
	}
	return quickScanned{deepest: q.n.deepest, bodies: q.bodies}, true
}

// A lexer mode: code, a quoted string, or a heredoc (with its end marker).
type quickMode struct {
	heredoc     bool
	str         bool
	marker      []byte
	startOfLine bool
}

type quickLexer struct {
	src []byte
	i   int
	n   nesting
	// modes is the lexer's call stack: a string or heredoc entered from code, code
	// entered from an interpolation or directive. Empty means the file's own code.
	modes []*quickMode
	// braces and retBraces are the lexer's own counters: a "}" ends an interpolation
	// when no brace opened since it is still open.
	braces    int
	retBraces []int
	// base is the number of bytes before src in the file (a byte order mark), and
	// bodies what quickScan returns of them.
	base   int
	bodies [][]int
}

// lineEnd is called after each line break the lexer reads as a token: a newline, or
// the end of a line comment or of a heredoc's end marker. One directly inside a brace
// of the file's own code that is open at the top level may end an item of that body.
func (q *quickLexer) lineEnd() {
	if len(q.modes) == 0 && len(q.n.stack) == 1 && q.n.stack[0].open == hclsyntax.TokenOBrace {
		last := &q.bodies[len(q.bodies)-1]
		*last = append(*last, q.base+q.i)
	}
}

// push enters a mode. The stack keeps the modes it has held and reuses them: a file
// enters one per string, and a pointer stays valid while its mode is on the stack
// (heredoc holds one across an interpolation's push).
func (q *quickLexer) push(m quickMode) {
	if n := len(q.modes); n < cap(q.modes) && q.modes[:n+1][n] != nil {
		q.modes = q.modes[:n+1]
		*q.modes[n] = m
		return
	}
	p := new(quickMode) // not &m, which would put every m on the heap
	*p = m
	q.modes = append(q.modes, p)
}

func (q *quickLexer) mode() *quickMode {
	if len(q.modes) == 0 {
		return nil
	}
	return q.modes[len(q.modes)-1]
}

func (q *quickLexer) tok(t hclsyntax.TokenType) { q.n.token(t, "") }

// other stands for any token nesting does not tell apart.
func (q *quickLexer) other() { q.n.token(hclsyntax.TokenIdent, "") }

func (q *quickLexer) at(s string) bool { return bytes.HasPrefix(q.src[q.i:], []byte(s)) }

func (q *quickLexer) run() bool {
	for q.i < len(q.src) {
		m := q.mode()
		var ok bool
		switch {
		case m == nil || !m.str && !m.heredoc:
			ok = q.code()
		case m.str:
			ok = q.quoted()
		default:
			ok = q.heredoc(m)
		}
		if !ok {
			return false
		}
	}
	return true
}

func isIdentStart(c byte) bool { return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func isIdentByte(c byte) bool { return isIdentStart(c) || c >= '0' && c <= '9' || c == '-' }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// ident returns the ASCII identifier at j ([A-Za-z_][A-Za-z0-9_-]*), or "".
func (q *quickLexer) ident(j int) string {
	return string(q.src[j:q.identEnd(j)])
}

// identEnd returns where the ASCII identifier at j ends: j when there is none.
func (q *quickLexer) identEnd(j int) int {
	if j >= len(q.src) || !isIdentStart(q.src[j]) {
		return j
	}
	k := j + 1
	for k < len(q.src) && isIdentByte(q.src[k]) {
		k++
	}
	return k
}

// singleCharTokens are the one-byte tokens whose kind the nesting check needs (zero for
// any other byte).
var singleCharTokens = [256]hclsyntax.TokenType{
	'-': hclsyntax.TokenMinus, '?': hclsyntax.TokenQuestion, ',': hclsyntax.TokenComma,
	'[': hclsyntax.TokenOBrack, ']': hclsyntax.TokenCBrack,
	'(': hclsyntax.TokenOParen, ')': hclsyntax.TokenCParen,
}

// code reads one token of code.
func (q *quickLexer) code() bool {
	c := q.src[q.i]
	switch {
	case c == ' ' || c == '\t':
		// Spaces make no token; indentation comes in runs.
		q.i++
		for q.i < len(q.src) && (q.src[q.i] == ' ' || q.src[q.i] == '\t') {
			q.i++
		}
	case c == '\n':
		q.tok(hclsyntax.TokenNewline)
		q.i++
		q.lineEnd()
	case c == '\r' && q.at("\r\n"):
		q.tok(hclsyntax.TokenNewline)
		q.i += 2
		q.lineEnd()
	case c == '#' || c == '/' && q.at("//"):
		// A comment takes the line and its newline.
		end := bytes.IndexByte(q.src[q.i:], '\n')
		if end < 0 {
			q.i = len(q.src)
			q.other()
		} else {
			q.i += end + 1
			q.other()
			q.lineEnd()
		}
	case c == '/' && q.at("/*") && bytes.Contains(q.src[q.i+2:], []byte("*/")):
		q.i += 2 + bytes.Index(q.src[q.i+2:], []byte("*/")) + 2
		q.other()
	case isDigit(c):
		// NumberLit: digits and dots, and an exponent with its sign.
		q.i++
		for q.i < len(q.src) {
			d := q.src[q.i]
			switch {
			case isDigit(d) || d == '.':
				q.i++
				continue
			case (d == 'e' || d == 'E') && q.i+1 < len(q.src):
				k := q.i + 1
				if q.src[k] == '+' || q.src[k] == '-' {
					k++
				}
				if k < len(q.src) && isDigit(q.src[k]) {
					q.i = k + 1
					continue
				}
			}
			break
		}
		q.other()
	case isIdentStart(c):
		q.i = q.identEnd(q.i)
		q.other()
	case c == '!':
		if q.at("!=") {
			q.i += 2
			q.other()
		} else {
			q.i++
			q.tok(hclsyntax.TokenBang)
		}
	case singleCharTokens[c] != 0:
		q.i++
		q.tok(singleCharTokens[c])
	case c == '{':
		q.i++
		q.braces++
		q.tok(hclsyntax.TokenOBrace)
		if len(q.modes) == 0 && len(q.n.stack) == 1 {
			q.bodies = append(q.bodies, nil)
		}
	case c == '}' || c == '~' && q.at("~}"):
		tilde := c == '~'
		q.i++
		if tilde {
			q.i++
		}
		if n := len(q.retBraces); n > 0 && q.retBraces[n-1] == q.braces {
			q.braces--
			q.retBraces = q.retBraces[:n-1]
			q.modes = q.modes[:len(q.modes)-1]
			q.tok(hclsyntax.TokenTemplateSeqEnd)
		} else if tilde {
			// A "~}" that ends no interpolation: the lexer stays in code but says the
			// sequence ended; not worth modelling.
			return false
		} else {
			q.braces--
			q.tok(hclsyntax.TokenCBrace)
		}
	case c == '"':
		q.i++
		q.tok(hclsyntax.TokenOQuote)
		q.push(quickMode{str: true})
	case c == '<' && q.at("<<"):
		// BeginHeredocTmpl: "<<", an optional "-", an identifier and a newline.
		j := q.i + 2
		if j < len(q.src) && q.src[j] == '-' {
			j++
		}
		if j < len(q.src) && q.src[j] >= utf8.RuneSelf {
			return false // an identifier we do not read
		}
		marker := q.ident(j)
		k := j + len(marker)
		if marker != "" && k < len(q.src) && q.src[k] >= utf8.RuneSelf {
			return false
		}
		nl := 0
		if k < len(q.src) && q.src[k] == '\n' {
			nl = 1
		} else if k+1 < len(q.src) && q.src[k] == '\r' && q.src[k+1] == '\n' {
			nl = 2
		}
		if marker == "" || nl == 0 {
			q.i++ // "<" alone, or "<=" / "<<" read one "<" at a time: other tokens
			q.other()
			break
		}
		q.i = k + nl
		q.tok(hclsyntax.TokenOHeredoc)
		q.push(quickMode{heredoc: true, marker: []byte(marker), startOfLine: true})
	case c >= utf8.RuneSelf:
		_, size := utf8.DecodeRune(q.src[q.i:])
		q.i += size
		q.other() // part of an identifier, or an invalid character: not counted
	default:
		q.i++
		q.other()
	}
	return true
}

// interpolation starts "${" or "%{" (with an optional "~") at q.i, from a template.
// It reports false when there is none.
func (q *quickLexer) interpolation() bool {
	var t hclsyntax.TokenType
	switch {
	case q.at("${"):
		t = hclsyntax.TokenTemplateInterp
	case q.at("%{"):
		t = hclsyntax.TokenTemplateControl
	default:
		return false
	}
	q.i += 2
	if q.at("~") {
		q.i++
	}
	word := ""
	if t == hclsyntax.TokenTemplateControl {
		j := q.i
		for j < len(q.src) && (q.src[j] == ' ' || q.src[j] == '\t') {
			j++
		}
		word = q.ident(j)
	}
	q.n.token(t, word)
	q.braces++
	q.retBraces = append(q.retBraces, q.braces)
	q.push(quickMode{})
	return true
}

// quoted reads one token of a quoted string.
func (q *quickLexer) quoted() bool {
	c := q.src[q.i]
	switch {
	case c == '"':
		q.i++
		q.modes = q.modes[:len(q.modes)-1]
		q.tok(hclsyntax.TokenCQuote)
	case q.at("$${") || q.at("%%{"):
		q.i += 3
		q.other()
	case q.interpolation():
	case c == '\\' && q.i+1 < len(q.src) && q.src[q.i+1] != '\n' && q.src[q.i+1] != '\r':
		_, size := utf8.DecodeRune(q.src[q.i+1:])
		q.i += 1 + size
		q.other()
	default:
		// Text up to the next character that may start something; a "$" or "%" that
		// starts nothing, or a "\\" before a line break, is text too. (In valid UTF-8 no
		// byte of a multi-byte character is one of these.)
		q.i++
		for q.i < len(q.src) && !quotedStops[q.src[q.i]] {
			q.i++
		}
		q.other()
	}
	return true
}

// quotedStops are the bytes that may start something in a quoted string.
var quotedStops = [256]bool{'"': true, '$': true, '%': true, '\\': true}

// heredoc reads a heredoc's text up to an interpolation or the end of a line, where the
// line may be its end marker.
func (q *quickLexer) heredoc(m *quickMode) bool {
	if q.interpolation() {
		m.startOfLine = false
		return true
	}
	if q.at("$${") || q.at("%%{") {
		q.i += 3
		m.startOfLine = false
		q.other()
		return true
	}
	start := q.i
	if c := q.src[q.i]; c == '$' || c == '%' {
		q.i++ // a "$" or "%" that starts nothing is text of its own
	}
	for q.i < len(q.src) {
		c := q.src[q.i]
		if c == '$' || c == '%' || c == '\n' {
			break
		}
		if c == '\r' {
			if q.at("\r\n") {
				break
			}
			return false // a lone carriage return: the lexer's rules do not cover it
		}
		q.i++
	}
	if q.i < len(q.src) && q.src[q.i] != '$' && q.src[q.i] != '%' {
		// The line ends here: it is the end marker when it is all the line.
		end := q.i + 1
		if q.src[q.i] == '\r' {
			end++
		}
		if m.startOfLine && bytes.Equal(bytes.TrimSpace(q.src[start:end]), m.marker) {
			q.i = end
			q.modes = q.modes[:len(q.modes)-1]
			q.tok(hclsyntax.TokenCHeredoc)
			q.tok(hclsyntax.TokenNewline)
			q.lineEnd()
			return true
		}
		q.i = end
		m.startOfLine = true
		q.other()
		return true
	}
	m.startOfLine = false
	q.other()
	return true
}
