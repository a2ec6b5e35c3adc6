package expr

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pipec-dev/pipec/compile/diag"
)

// Source locates a string in its file: the file name and the position of its first byte.
// A front end that cannot place a value exactly (an escaped string) passes the position of
// the value's start; diagnostics then point at the value.
type Source struct {
	Filename string
	Start    diag.Pos
}

// maxDepth bounds a condition two ways: how deeply parentheses, negations and calls may
// nest while parsing (the parser recurses on them), and how deep the condition's tree may
// be (every later pass, here and in the targets, recurses over the tree, and a chain of
// && or || is a tree as deep as it is long). Hostile input must not exhaust the stack or
// make rendering quadratic; real conditions stay far below. The canonical form (String)
// of a tree within the limit nests no deeper than the tree, so it parses again.
const maxDepth = 200

type parser struct {
	src   string
	at    Source
	pm    posMap
	toks  []token
	i     int
	depth int          // parentheses, negations and calls open at this point
	sizes map[Expr]int // the depth of each subtree built so far; leaves are 0
	diags diag.Diagnostics
}

type tokKind int

const (
	tEOF tokKind = iota
	tIdent
	tString
	tNumber
	tOp // == != && || ! ( ) , .
	tBad
)

type token struct {
	kind       tokKind
	text       string // ident, op, number text, or decoded string
	start, end int    // byte offsets in src
}

// ParseExpr parses a `when` expression.
func ParseExpr(src string, at Source) (Expr, diag.Diagnostics) {
	p := newParser(src, at)
	p.lex()
	if p.diags.HasErrors() {
		return nil, p.diags
	}
	if p.peek().kind == tEOF {
		p.errAt(0, len(src), "empty-expression", "write a condition such as ci.branch == \"main\"", "the condition is empty")
		return nil, p.diags
	}
	e := p.parseOr()
	if e != nil && p.peek().kind != tEOF {
		t := p.peek()
		if p.i > 0 && p.toks[p.i-1].text == "not" {
			// `not ci.tag` reads as the reference "not" and then a stray operand: the
			// word is what is wrong.
			t = p.toks[p.i-1]
		}
		p.errAt(t.start, t.end, "bad-expression", UnexpectedDetail(t.text), "unexpected %q in condition", t.text)
		return nil, p.diags
	}
	if p.diags.HasErrors() {
		return nil, p.diags
	}
	return e, p.diags
}

// wordOperators are the operators other languages spell as words (Python, Jinja,
// Ansible), which a condition writes as symbols.
var wordOperators = map[string]string{"and": "&&", "or": "||", "not": "!"}

// WordOperator is the operator a condition writes for word ("and": "&&"), if any.
func WordOperator(word string) (string, bool) {
	op, ok := wordOperators[word]
	return op, ok
}

// UnexpectedDetail is the detail of an unexpected token in a condition: a "did you
// mean" for an operator written as a word.
func UnexpectedDetail(token string) string {
	if op, ok := WordOperator(token); ok {
		return fmt.Sprintf("a condition writes %q as %s: did you mean %s?", token, op, op)
	}
	return "a condition combines comparisons with &&, || and !"
}

// UnexpectedCharDetail is the detail of an unexpected character r in a condition, in
// every front end: HCL's parser stops at it (when = ci.branch = "main") before pipec's
// reads the condition.
func UnexpectedCharDetail(r rune) string {
	switch r {
	case '=':
		return "compare with ==, not ="
	case '&', '|':
		return "use && and || for and/or"
	}
	return "conditions use ==, !=, &&, ||, !, parentheses, strings, numbers (-1 without a space), true/false and startswith()/matches()"
}

// ParseRef parses a single reference such as ci.commit_sha; surrounding spaces are allowed.
func ParseRef(src string, at Source) (*Ref, diag.Diagnostics) {
	p := newParser(src, at)
	p.lex()
	if p.diags.HasErrors() {
		return nil, p.diags
	}
	t := p.peek()
	if t.kind != tIdent {
		p.errAt(0, len(src), "bad-reference", "an interpolation holds one reference, such as ${ci.commit_sha} or ${matrix.python}", "expected a reference, found %s", describe(src))
		return nil, p.diags
	}
	if nt := p.toks[min(p.i+1, len(p.toks)-1)]; nt.kind == tOp && nt.text == "(" {
		// upper(ci.branch), file("build.sh"): HCL's and Terraform's functions.
		p.errAt(0, len(src), "bad-reference", "pipec calls no functions in values; it hands each reference to the script as it is: compute the value in the step's run script",
			"function %s() where a reference goes", t.text)
		return nil, p.diags
	}
	r := p.parseRefTail()
	if r != nil && p.peek().kind != tEOF {
		p.errAt(0, len(src), "bad-reference", "an interpolation holds one reference, such as ${ci.commit_sha}; conditions belong in `when`", "expected a single reference, found %s", describe(src))
		return nil, p.diags
	}
	return r, p.diags
}

// ForeignSyntax names `${{ ... }}`, GitHub's and Azure's expression syntax, which people
// coming from those platforms write in a spec; it is no pipec syntax, and its own error
// says so rather than a parser's about a stray '{'. Both front ends use it.
const (
	ForeignSyntax       = "${{ ... }} is a platform's expression syntax, not pipec's"
	ForeignSyntaxDetail = "pipec interpolates one reference, such as ${ci.commit_sha} or ${input.name}, and hands it to each platform in that platform's own way; write $${{ for a literal ${{"
)

// ParseTemplate parses a string with ${ref} interpolations; $${ is a literal "${".
// Front ends whose strings carry no interpolation syntax of their own (CUE, JSON, YAML)
// use it; HCL's own template parser already split the parts.
func ParseTemplate(src string, at Source) (Template, diag.Diagnostics) {
	var diags diag.Diagnostics
	pm := newPosMap(src, at)
	t := Template{Range: pm.rng(0, len(src))}
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			t.Parts = append(t.Parts, Part{Lit: lit.String()})
			lit.Reset()
		}
	}
	for i := 0; i < len(src); {
		switch {
		case strings.HasPrefix(src[i:], "$${"):
			lit.WriteString("${")
			i += 3
		case strings.HasPrefix(src[i:], "${{"):
			end := len(src)
			if j := strings.Index(src[i:], "}}"); j >= 0 {
				end = i + j + 2
			}
			diags.Errorf(pm.rng(i, end), "bad-reference", ForeignSyntaxDetail, ForeignSyntax)
			i = end
		case strings.HasPrefix(src[i:], "${"):
			end := strings.IndexByte(src[i:], '}')
			if end < 0 {
				diags.Errorf(pm.rng(i, len(src)), "bad-reference", "close the interpolation with }, or write $${ for a literal ${", "unterminated interpolation")
				return t, diags
			}
			inner := src[i+2 : i+end]
			r, ds := ParseRef(inner, Source{Filename: at.Filename, Start: pm.at(i + 2)})
			diags.Append(ds)
			if r != nil {
				flush()
				t.Parts = append(t.Parts, Part{Ref: r})
			}
			i += end + 1
		default:
			_, size := utf8.DecodeRuneInString(src[i:])
			lit.WriteString(src[i : i+size])
			i += size
		}
	}
	flush()
	return t, diags
}

func describe(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return "nothing"
	}
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return fmt.Sprintf("%q", s)
}

// advance returns the position of byte offset off in src, src starting at start.
func advance(src string, start diag.Pos, off int) diag.Pos {
	p := start
	if p.Line == 0 {
		p.Line, p.Column = 1, 1
	}
	for i := 0; i < off && i < len(src); {
		r, size := utf8.DecodeRuneInString(src[i:])
		if r == '\n' {
			p.Line++
			p.Column = 1
		} else {
			p.Column++
		}
		p.Byte += size
		i += size
	}
	return p
}

// posMap turns byte offsets of one string into positions. It remembers the last offset
// asked for and walks on from there: callers ask in nearly increasing order, so a whole
// parse costs one pass over the string, not one per token.
type posMap struct {
	src  string
	from Source
	off  int
	last diag.Pos
}

func newPosMap(src string, at Source) posMap {
	return posMap{src: src, from: at, last: advance(src, at.Start, 0)}
}

func (m *posMap) at(off int) diag.Pos {
	off = min(max(off, 0), len(m.src))
	if off < m.off {
		m.off, m.last = 0, advance(m.src, m.from.Start, 0)
	}
	m.last = advance(m.src[m.off:], m.last, off-m.off)
	m.off = off
	return m.last
}

func (m *posMap) rng(from, to int) diag.Range {
	start := m.at(from)
	return diag.Range{Filename: m.from.Filename, Start: start, End: m.at(to)}
}

func newParser(src string, at Source) *parser {
	return &parser{src: src, at: at, pm: newPosMap(src, at)}
}

func (p *parser) errAt(from, to int, code, detail, format string, args ...any) {
	p.diags.Errorf(p.span(from, to), code, detail, format, args...)
}

func (p *parser) lex() {
	s := p.src
	if !utf8.ValidString(s) {
		p.errAt(0, len(s), "bad-expression", "write the condition in UTF-8", "condition is not valid UTF-8")
		return
	}
	i := 0
	for i < len(s) {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case isIdentStart(c):
			j := i + 1
			for j < len(s) && isIdentChar(s[j]) {
				j++
			}
			p.toks = append(p.toks, token{kind: tIdent, text: s[i:j], start: i, end: j})
			i = j
		case c >= '0' && c <= '9', c == '-' && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9':
			// A number, negative too: a number input may be below zero, and a
			// condition has no subtraction for a '-' to mean.
			j := i + 1
			for j < len(s) && ((s[j] >= '0' && s[j] <= '9') || s[j] == '.') {
				j++
			}
			p.toks = append(p.toks, token{kind: tNumber, text: s[i:j], start: i, end: j})
			i = j
		case c == '"' || c == '\'':
			val, j, ok := lexString(s, i)
			if !ok {
				p.errAt(i, len(s), "bad-expression", "close the string with its opening quote; escapes are \\\" \\\\ \\n \\t", "unterminated or badly escaped string")
				return
			}
			p.toks = append(p.toks, token{kind: tString, text: val, start: i, end: j})
			i = j
		default:
			two := ""
			if i+1 < len(s) {
				two = s[i : i+2]
			}
			switch {
			case two == "==" || two == "!=" || two == "&&" || two == "||":
				p.toks = append(p.toks, token{kind: tOp, text: two, start: i, end: i + 2})
				i += 2
			case c == '!' || c == '(' || c == ')' || c == ',' || c == '.':
				p.toks = append(p.toks, token{kind: tOp, text: string(c), start: i, end: i + 1})
				i++
			case strings.HasPrefix(s[i:], "${{"):
				// GitHub's and Azure's syntax: the error the HCL front end gives it.
				end := len(s)
				if j := strings.Index(s[i:], "}}"); j >= 0 {
					end = i + j + 2
				}
				p.errAt(i, end, "bad-reference", ForeignSyntaxDetail, "%s", ForeignSyntax)
				return
			case strings.HasPrefix(s[i:], "${"):
				// A condition written as a template, as HCL reports it in when = "${...}".
				p.errAt(i, min(i+2, len(s)), "interpolation-not-allowed",
					`write the condition itself, without ${ }: ci.branch == "main"`, "interpolation is not allowed in %q", "when")
				return
			default:
				r, size := utf8.DecodeRuneInString(s[i:])
				p.errAt(i, i+size, "bad-expression", UnexpectedCharDetail(r), "unexpected character %q", r)
				return
			}
		}
	}
	p.toks = append(p.toks, token{kind: tEOF, start: len(s), end: len(s)})
}

// lexString reads a quoted string starting at s[i]. Double-quoted strings take Go's
// escapes (what String() writes back); single-quoted ones take \' and \\ only.
func lexString(s string, i int) (string, int, bool) {
	q := s[i]
	j := i + 1
	for j < len(s) && s[j] != q {
		if s[j] == '\\' {
			j++
		}
		j++
	}
	if j >= len(s) {
		return "", j, false
	}
	body := s[i+1 : j]
	if q == '"' {
		v, err := strconv.Unquote(s[i : j+1])
		if err != nil {
			return "", j, false
		}
		return v, j + 1, true
	}
	var b strings.Builder
	for k := 0; k < len(body); k++ {
		if body[k] == '\\' && k+1 < len(body) {
			k++
		}
		b.WriteByte(body[k])
	}
	return b.String(), j + 1, true
}

func isIdentStart(c byte) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

func isIdentChar(c byte) bool { return isIdentStart(c) || (c >= '0' && c <= '9') || c == '-' }

func (p *parser) peek() token { return p.toks[p.i] }
func (p *parser) next() token {
	t := p.toks[p.i]
	if p.i < len(p.toks)-1 {
		p.i++
	}
	return t
}

func (p *parser) span(from, to int) diag.Range { return p.pm.rng(from, to) }

// tooDeep reports the token at which a condition passes maxDepth.
func (p *parser) tooDeep(t token) {
	p.errAt(t.start, t.end, "bad-expression",
		fmt.Sprintf("a condition nests at most %d levels (parentheses, !, calls, and each operand of a chain of && or ||): simplify it", maxDepth),
		"condition too long or nested too deeply")
}

// grow records the depth of e, one more than its deepest child, and reports (at t) a
// tree deeper than maxDepth.
func (p *parser) grow(t token, e Expr, children ...Expr) bool {
	d := 0
	for _, c := range children {
		d = max(d, p.sizes[c]+1)
	}
	if d > maxDepth {
		p.tooDeep(t)
		return false
	}
	if p.sizes == nil {
		p.sizes = map[Expr]int{}
	}
	p.sizes[e] = d
	return true
}

func (p *parser) parseOr() Expr { return p.parseChain("||", p.parseAnd) }

func (p *parser) parseAnd() Expr { return p.parseChain("&&", p.parseUnary) }

// parseChain parses operands joined by op into a left-leaning tree.
func (p *parser) parseChain(op string, operand func() Expr) Expr {
	x := operand()
	for x != nil && p.peek().kind == tOp && p.peek().text == op {
		t := p.next()
		y := operand()
		if y == nil {
			return nil
		}
		b := &Binary{Op: op, X: x, Y: y, Rng: join(x.Range(), y.Range())}
		if !p.grow(t, b, x, y) {
			return nil
		}
		x = b
	}
	return x
}

func (p *parser) parseUnary() Expr {
	if t := p.peek(); t.kind == tOp && t.text == "!" {
		p.next()
		p.depth++
		defer func() { p.depth-- }()
		if p.depth > maxDepth {
			p.tooDeep(t)
			return nil
		}
		x := p.parseUnary()
		if x == nil {
			return nil
		}
		n := &Not{X: x, Rng: join(p.span(t.start, t.end), x.Range())}
		if !p.grow(t, n, x) {
			return nil
		}
		return n
	}
	return p.parseCompare()
}

func (p *parser) parseCompare() Expr {
	x := p.parsePrimary()
	if x == nil {
		return nil
	}
	if t := p.peek(); t.kind == tOp && (t.text == "==" || t.text == "!=") {
		p.next()
		y := p.parsePrimary()
		if y == nil {
			return nil
		}
		if t2 := p.peek(); t2.kind == tOp && (t2.text == "==" || t2.text == "!=") {
			p.errAt(t2.start, t2.end, "bad-expression", "parenthesise chained comparisons", "comparisons cannot be chained")
			return nil
		}
		b := &Binary{Op: t.text, X: x, Y: y, Rng: join(x.Range(), y.Range())}
		if !p.grow(t, b, x, y) {
			return nil
		}
		return b
	}
	return x
}

func (p *parser) parsePrimary() Expr {
	t := p.peek()
	switch t.kind {
	case tString:
		p.next()
		return &StringLit{Value: t.text, Rng: p.span(t.start, t.end)}
	case tNumber:
		p.next()
		return &NumberLit{Text: t.text, Rng: p.span(t.start, t.end)}
	case tIdent:
		switch t.text {
		case "true", "false":
			p.next()
			return &BoolLit{Value: t.text == "true", Rng: p.span(t.start, t.end)}
		}
		if nt := p.toks[min(p.i+1, len(p.toks)-1)]; nt.kind == tOp && nt.text == "(" {
			return p.parseCall()
		}
		r := p.parseRefTail()
		if r == nil {
			return nil
		}
		return &RefExpr{Ref: r}
	case tOp:
		if t.text == "(" {
			p.next()
			p.depth++
			defer func() { p.depth-- }()
			if p.depth > maxDepth {
				p.tooDeep(t)
				return nil
			}
			x := p.parseOr()
			if x == nil {
				return nil
			}
			if c := p.peek(); c.kind != tOp || c.text != ")" {
				p.errAt(t.start, t.end, "bad-expression", "close the parenthesis", "unclosed parenthesis")
				return nil
			}
			p.next()
			return x
		}
	}
	if t.kind == tEOF {
		p.errAt(t.start, t.end, "bad-expression", "the condition ends where a value was expected", "incomplete condition")
	} else {
		p.errAt(t.start, t.end, "bad-expression", "expected a reference, a string, true/false or a function call", "unexpected %q in condition", t.text)
	}
	return nil
}

func (p *parser) parseCall() Expr {
	name := p.next()
	open := p.next() // "("
	call := &Call{Func: name.text, NameRng: p.span(name.start, name.end)}
	if _, ok := Functions[name.text]; !ok {
		detail := "the functions are startswith(s, prefix) and matches(s, glob)"
		if s := diag.DidYouMean(name.text, FunctionNames); s != "" {
			detail = s
		}
		p.errAt(name.start, name.end, "unknown-function", detail, "unknown function %q", name.text)
		return nil
	}
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxDepth {
		p.tooDeep(open)
		return nil
	}
	for {
		if c := p.peek(); c.kind == tOp && c.text == ")" && len(call.Args) == 0 {
			break
		}
		a := p.parseOr()
		if a == nil {
			return nil
		}
		call.Args = append(call.Args, a)
		if c := p.peek(); c.kind == tOp && c.text == "," {
			p.next()
			continue
		}
		break
	}
	c := p.peek()
	if c.kind != tOp || c.text != ")" {
		p.errAt(open.start, open.end, "bad-expression", "close the argument list with )", "unclosed call to %s", name.text)
		return nil
	}
	p.next()
	call.Rng = p.span(name.start, c.end)
	if want := Functions[name.text]; len(call.Args) != want {
		p.errAt(name.start, c.end, "bad-arguments", fmt.Sprintf("%s takes %d arguments", name.text, want), "%s called with %d arguments", name.text, len(call.Args))
		return nil
	}
	if !p.grow(name, call, call.Args...) {
		return nil
	}
	return call
}

// parseRefTail parses IDENT ('.' SEG)* starting at the current token.
func (p *parser) parseRefTail() *Ref {
	first := p.next()
	if strings.Contains(first.text, "-") {
		p.errAt(first.start, first.end, "bad-reference", "a reference starts with ci, matrix, input, secret, stage or deploy", "%q is not a reference", first.text)
		return nil
	}
	r := &Ref{Path: []string{first.text}}
	end := first.end
	for {
		t := p.peek()
		if t.kind != tOp || t.text != "." || t.start != end {
			break
		}
		p.next()
		seg := p.peek()
		if (seg.kind != tIdent && seg.kind != tNumber) || seg.start != t.end {
			p.errAt(t.start, t.end+1, "bad-reference", "a reference is names joined by dots, such as ci.commit_sha", "expected a name after %q", r.String()+".")
			return nil
		}
		p.next()
		r.Path = append(r.Path, seg.text)
		end = seg.end
	}
	r.Range = p.span(first.start, end)
	return r
}

func join(a, b diag.Range) diag.Range {
	return diag.Range{Filename: a.Filename, Start: a.Start, End: b.End}
}
