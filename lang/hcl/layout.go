package hcl

import (
	"bytes"
	"unicode/utf8"

	"github.com/apparentlymart/go-textseg/v15/textseg"
	hclv2 "github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// layout re-spaces src in HCL's canonical layout, the one hclwrite.Format writes and
// `terraform fmt` uses: two spaces of indentation per open bracket of a line, one space
// between most tokens, and the `=` of consecutive attributes, and the comments closing
// consecutive lines, each aligned in a column. It changes only the spaces before tokens;
// every token's bytes stay as they are. TestLayoutIsHCLWrite holds it to hclwrite.Format,
// byte for byte, on every spec in the repository and on the fuzzers' inputs.
//
// pipec lays files out itself rather than calling hclwrite because hclwrite links go-cmp
// (for one Equal method), whose package initialisation compiles regular expressions:
// 0.8 ms of every pipec process, whatever the command, a tenth of a `pipec lint`.
func layout(src []byte) []byte {
	native, _ := hclsyntax.LexConfig(src, "", hclv2.Pos{Byte: 0, Line: 1, Column: 1})
	toks := make([]ltoken, len(native))
	last := 0
	for i, t := range native {
		toks[i] = ltoken{typ: t.Type, bytes: t.Bytes, spaces: t.Range.Start.Byte - last}
		last = t.Range.End.Byte
	}
	lines := layoutLines(toks)
	indentLines(lines)
	spaceLines(lines)
	alignCells(lines)

	var out bytes.Buffer
	out.Grow(len(src) + len(src)/8)
	for i := range toks {
		for n := toks[i].spaces; n > 0; n-- {
			out.WriteByte(' ')
		}
		out.Write(toks[i].bytes)
	}
	return out.Bytes()
}

// ltoken is a token as layout sees it: its bytes and the spaces written before it, the
// only thing layout changes.
type ltoken struct {
	typ    hclsyntax.TokenType
	bytes  []byte
	spaces int
}

// cells is a slice of a line's tokens; the tokens are shared with the whole file's, so
// setting spaces through a cell sets them in the output.
type cells []*ltoken

// columns is how wide the tokens are on screen: their spaces and their grapheme
// clusters (meaningless across a newline, as in hclwrite).
func (c cells) columns() int {
	n := 0
	for _, t := range c {
		n += t.spaces + graphemes(t.bytes)
	}
	return n
}

// graphemes counts b's grapheme clusters. ASCII text is one cluster per byte, except
// CR LF, which is one.
func graphemes(b []byte) int {
	ascii := true
	for _, c := range b {
		if c >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return len(b) - bytes.Count(b, []byte("\r\n"))
	}
	n, _ := textseg.TokenCount(b, textseg.ScanGraphemeClusters)
	return n
}

// lline is one line of the file in up to three cells: lead, everything up to the
// others; assign, from the `=` of an attribute whose value ends on the line; comment, a
// comment ending a line that has something else on it.
type lline struct {
	lead, assign, comment cells
}

func layoutLines(toks []ltoken) []lline {
	var lines []lline
	var cur cells
	for i := range toks {
		t := &toks[i]
		if t.typ == hclsyntax.TokenEOF {
			// EOF belongs to no line: the spaces before it are written as they were.
			break
		}
		cur = append(cur, t)
		if endsLine(t) {
			lines = append(lines, lline{lead: cur})
			cur = nil
		}
	}
	lines = append(lines, lline{lead: cur})
	for i := range lines {
		splitCells(&lines[i])
	}
	return lines
}

// endsLine: a newline ends a line, and so does a # or // comment, which holds its own.
func endsLine(t *ltoken) bool {
	switch t.typ {
	case hclsyntax.TokenNewline:
		return true
	case hclsyntax.TokenComment:
		return len(t.bytes) > 0 && t.bytes[len(t.bytes)-1] == '\n'
	}
	return false
}

func splitCells(l *lline) {
	if len(l.lead) > 1 && l.lead[len(l.lead)-1].typ == hclsyntax.TokenComment {
		l.comment = l.lead[len(l.lead)-1:]
		l.lead = l.lead[:len(l.lead)-1]
	}
	for i, t := range l.lead {
		if i == 0 || t.typ != hclsyntax.TokenEqual {
			continue
		}
		// Only a value that closes every bracket it opens on this line is aligned; one
		// that goes on over several lines stays where it is.
		net := 0
		for _, u := range l.lead[i:] {
			net += bracketChange(u.typ)
		}
		if net == 0 {
			l.assign = l.lead[i:]
			l.lead = l.lead[:i]
		}
		return
	}
}

func bracketChange(t hclsyntax.TokenType) int {
	switch t {
	case hclsyntax.TokenOBrace, hclsyntax.TokenOBrack, hclsyntax.TokenOParen, hclsyntax.TokenTemplateControl, hclsyntax.TokenTemplateInterp:
		return 1
	case hclsyntax.TokenCBrace, hclsyntax.TokenCBrack, hclsyntax.TokenCParen, hclsyntax.TokenTemplateSeqEnd:
		return -1
	}
	return 0
}

// indentLines indents each line by two spaces per level. A line that opens more
// brackets than it closes opens one level, however many it opens; closing them closes
// that level. Counting per line, not per bracket, keeps `foo({` on one level.
func indentLines(lines []lline) {
	var open []int // brackets opened by each open level
	for i := range lines {
		l := &lines[i]
		if len(l.lead) == 0 {
			continue
		}
		if l.lead[0].typ == hclsyntax.TokenNewline {
			l.lead[0].spaces = 0
			continue
		}
		net := 0
		for _, t := range l.lead {
			net += bracketChange(t.typ)
			if t.typ == hclsyntax.TokenOHeredoc {
				break
			}
		}
		for _, t := range l.assign {
			net += bracketChange(t.typ)
		}
		switch {
		case net > 0:
			l.lead[0].spaces = 2 * len(open)
			open = append(open, net)
		case net < 0:
			for closed := -net; closed > 0 && len(open) > 0; {
				top := open[len(open)-1]
				switch {
				case closed > top:
					closed -= top
					open = open[:len(open)-1]
				case closed < top:
					open[len(open)-1] -= closed
					closed = 0
				default:
					open = open[:len(open)-1]
					closed = 0
				}
			}
			l.lead[0].spaces = 2 * len(open)
		default:
			l.lead[0].spaces = 2 * len(open)
		}
	}
}

// noToken stands before a cell's first token.
var noToken = &ltoken{typ: hclsyntax.TokenNil}

// spaceLines sets the spaces between the tokens of each cell.
func spaceLines(lines []lline) {
	for _, l := range lines {
		spaceCell(l.lead)
		if len(l.assign) > 0 {
			// The = always stands one space after what it sets (alignCells moves it).
			l.assign[0].spaces = 1
		}
		spaceCell(l.assign)
	}
}

func spaceCell(c cells) {
	for i := 0; i+1 < len(c); i++ {
		before := noToken
		if i > 0 {
			before = c[i-1]
		}
		c[i+1].spaces = 0
		if spaceAfter(c[i], before, c[i+1]) {
			c[i+1].spaces = 1
		}
	}
}

// spaceAfter decides whether one space separates t from next, given the token before
// t (noToken at a cell's start): HCL's canonical spacing.
func spaceAfter(t, before, next *ltoken) bool {
	switch {
	case next.typ == hclsyntax.TokenNewline || next.typ == hclsyntax.TokenNil:
		return false
	case t.typ == hclsyntax.TokenIdent && next.typ == hclsyntax.TokenOParen:
		return false // a function and its arguments
	case t.typ == hclsyntax.TokenIdent && next.typ == hclsyntax.TokenDoubleColon,
		t.typ == hclsyntax.TokenDoubleColon && next.typ == hclsyntax.TokenIdent:
		return false // provider::fn
	case t.typ == hclsyntax.TokenDot || next.typ == hclsyntax.TokenDot:
		return false
	case next.typ == hclsyntax.TokenComma || next.typ == hclsyntax.TokenEllipsis:
		return false
	case t.typ == hclsyntax.TokenComma:
		return true
	case isTemplateText(t.typ) || t.typ == hclsyntax.TokenOQuote || t.typ == hclsyntax.TokenOHeredoc,
		isTemplateText(next.typ) || next.typ == hclsyntax.TokenCQuote || next.typ == hclsyntax.TokenCHeredoc:
		return false // nothing is added inside a string
	case t.typ == hclsyntax.TokenIdent && string(t.bytes) == "in" && before.typ == hclsyntax.TokenIdent:
		return true // [for x in [a]: x], not in[a]
	case next.typ == hclsyntax.TokenOBrack && (t.typ == hclsyntax.TokenIdent || t.typ == hclsyntax.TokenNumberLit || bracketChange(t.typ) < 0):
		return false // an index
	case t.typ == hclsyntax.TokenBang:
		return false
	case t.typ == hclsyntax.TokenMinus:
		return !negationFollows(before.typ)
	case t.typ == hclsyntax.TokenOBrace || next.typ == hclsyntax.TokenCBrace:
		// Braces have spaces inside ({ a = 1 }), except an empty pair ({}).
		return !(t.typ == hclsyntax.TokenOBrace && next.typ == hclsyntax.TokenCBrace)
	case (t.typ == hclsyntax.TokenTemplateInterp || t.typ == hclsyntax.TokenTemplateControl) && next.typ == hclsyntax.TokenOBrace:
		return true // ${ {a = 1} }
	case t.typ == hclsyntax.TokenCBrace && next.typ == hclsyntax.TokenTemplateSeqEnd:
		return true
	case t.typ == hclsyntax.TokenTemplateSeqEnd && (next.typ == hclsyntax.TokenTemplateInterp || next.typ == hclsyntax.TokenTemplateControl):
		return false
	case bracketChange(t.typ) > 0:
		return false
	case bracketChange(next.typ) < 0:
		return false
	}
	return true
}

func isTemplateText(t hclsyntax.TokenType) bool {
	return t == hclsyntax.TokenQuotedLit || t == hclsyntax.TokenStringLit
}

// negationFollows reports whether a minus after a token of type prev negates (-1, a * -b)
// rather than subtracts: prev cannot end an operand.
func negationFollows(prev hclsyntax.TokenType) bool {
	switch prev {
	case hclsyntax.TokenNil,
		hclsyntax.TokenOParen, hclsyntax.TokenOBrace, hclsyntax.TokenOBrack, hclsyntax.TokenEqual, hclsyntax.TokenColon, hclsyntax.TokenComma, hclsyntax.TokenQuestion,
		hclsyntax.TokenPlus, hclsyntax.TokenStar, hclsyntax.TokenSlash, hclsyntax.TokenPercent, hclsyntax.TokenMinus,
		hclsyntax.TokenEqualOp, hclsyntax.TokenNotEqual, hclsyntax.TokenGreaterThan, hclsyntax.TokenGreaterThanEq, hclsyntax.TokenLessThan, hclsyntax.TokenLessThanEq,
		hclsyntax.TokenAnd, hclsyntax.TokenOr, hclsyntax.TokenBang:
		return true
	}
	return false
}

// alignCells aligns the `=` of each run of consecutive lines that assign, then the
// closing comments of each run of consecutive lines that have one, one space after the
// run's widest line.
func alignCells(lines []lline) {
	alignRuns(lines, func(l *lline) cells { return l.assign }, func(l *lline) int { return l.lead.columns() })
	alignRuns(lines, func(l *lline) cells { return l.comment }, func(l *lline) int { return l.lead.columns() + l.assign.columns() })
}

func alignRuns(lines []lline, cell func(*lline) cells, width func(*lline) int) {
	start, widest := -1, 0
	close := func(end int) {
		for i := start; i < end; i++ {
			cell(&lines[i])[0].spaces = widest - width(&lines[i]) + 1
		}
		start, widest = -1, 0
	}
	for i := range lines {
		if cell(&lines[i]) == nil {
			if start != -1 {
				close(i)
			}
			continue
		}
		if start == -1 {
			start = i
		}
		widest = max(widest, width(&lines[i]))
	}
	if start != -1 {
		close(len(lines))
	}
}
