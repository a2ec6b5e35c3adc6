package hcl

import (
	"bytes"
	"unicode/utf8"

	hclv2 "github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/pipec-dev/pipec/lang/build"
)

// checkLimits refuses a file hclsyntax could not parse safely: one over
// build.MaxSpecSize, or one nesting deeper than build.MaxNesting. hclsyntax's parser
// recurses once or more per level of nesting, and a stack overflow is a fatal error, not
// a panic Parse could recover from: a file of a million "[" killed pipec. So the depth is
// measured before parsing: by quickNesting, which reads the bytes as hclsyntax's lexer
// does without building its tokens, and, when that finds the file too deep or cannot
// model it, on the lexer's own tokens, which also place the error. It reports false
// after reporting why.
func (d *decoder) checkLimits() bool {
	if len(d.src) > build.MaxSpecSize {
		d.diags = append(d.diags, build.TooLarge(d.filename, len(d.src)))
		return false
	}
	if i := bytes.IndexByte(d.src, 0); i >= 0 {
		d.notText(i, "the file holds a NUL byte", "a spec is text, and no script or value can carry a NUL: remove it")
		return false
	}
	if scan, ok := quickScan(d.src); ok && scan.deepest <= build.MaxNesting {
		// Lexing the file a second time cost as much as half of parsing it.
		d.bodies = scan.bodies
		return true
	}
	// quickScan reads only valid UTF-8, so a valid file pays nothing more for this.
	if !utf8.Valid(d.src) {
		d.notText(build.InvalidUTF8(d.src), "the file holds invalid UTF-8",
			"pipec reads a spec as UTF-8: save the file as UTF-8 in your editor, or remove the byte")
		return false
	}
	toks, _ := hclsyntax.LexConfig(d.src, d.filename, hclv2.InitialPos)
	if _, i := tokenNesting(toks); i >= 0 {
		d.diags = append(d.diags, build.TooDeep(d.toRange(toks[i].Range)))
		return false
	}
	return true
}

// nest is one open construct: its opening token, and the conditional operators (?) seen
// in it since its last element began, each of which makes the parser recurse once more
// for the rest of the expression.
type nest struct {
	open  hclsyntax.TokenType
	terns int
}

// closers maps each closing token to the opening token it closes.
var closers = map[hclsyntax.TokenType]hclsyntax.TokenType{
	hclsyntax.TokenCBrace:         hclsyntax.TokenOBrace,
	hclsyntax.TokenCBrack:         hclsyntax.TokenOBrack,
	hclsyntax.TokenCParen:         hclsyntax.TokenOParen,
	hclsyntax.TokenCQuote:         hclsyntax.TokenOQuote,
	hclsyntax.TokenCHeredoc:       hclsyntax.TokenOHeredoc,
	hclsyntax.TokenTemplateSeqEnd: hclsyntax.TokenTemplateInterp, // or TokenTemplateControl
}

// directive marks the body of a %{ if } or %{ for } directive, open until its %{ endif }
// or %{ endfor }.
const directive hclsyntax.TokenType = 0

// nesting measures how deep the parser is nested, one token at a time. Depth counts open
// brackets, braces, parentheses, strings, heredocs, interpolations and directive bodies;
// each open conditional (?) in an expression; and a run of unary ! and -, each of which
// the parser recurses on. It overestimates rather than under: an unbalanced file only
// reaches the limit sooner.
type nesting struct {
	stack          []nest
	terns, unary   int
	depth, deepest int
}

func (n *nesting) pop(open hclsyntax.TokenType) {
	for i := len(n.stack) - 1; i >= 0; i-- {
		o := n.stack[i].open
		if o == open || open == hclsyntax.TokenTemplateInterp && o == hclsyntax.TokenTemplateControl {
			for _, f := range n.stack[i:] {
				n.terns -= f.terns
			}
			n.stack = n.stack[:i]
			return
		}
	}
}

// token takes the next token; word is the text of the token after a TokenTemplateControl
// when that is an identifier (if, for, endif, endfor, else).
func (n *nesting) token(t hclsyntax.TokenType, word string) {
	switch t {
	case hclsyntax.TokenOBrace, hclsyntax.TokenOBrack, hclsyntax.TokenOParen,
		hclsyntax.TokenOQuote, hclsyntax.TokenOHeredoc, hclsyntax.TokenTemplateInterp:
		n.stack = append(n.stack, nest{open: t})
	case hclsyntax.TokenTemplateControl:
		switch word {
		case "if", "for":
			n.stack = append(n.stack, nest{open: directive})
		case "endif", "endfor":
			n.pop(directive)
		}
		n.stack = append(n.stack, nest{open: t})
	case hclsyntax.TokenCBrace, hclsyntax.TokenCBrack, hclsyntax.TokenCParen,
		hclsyntax.TokenCQuote, hclsyntax.TokenCHeredoc, hclsyntax.TokenTemplateSeqEnd:
		n.pop(closers[t])
	case hclsyntax.TokenQuestion:
		if len(n.stack) > 0 {
			n.stack[len(n.stack)-1].terns++
		}
		n.terns++
	case hclsyntax.TokenComma, hclsyntax.TokenNewline:
		// A new element or attribute: the conditionals before it are complete.
		// Inside parentheses and brackets a newline continues the expression.
		if k := len(n.stack); k == 0 && t == hclsyntax.TokenNewline {
			n.terns = 0
		} else if k > 0 && (t == hclsyntax.TokenComma || n.stack[k-1].open == hclsyntax.TokenOBrace) {
			n.terns -= n.stack[k-1].terns
			n.stack[k-1].terns = 0
		}
	}
	if t == hclsyntax.TokenBang || t == hclsyntax.TokenMinus {
		n.unary++
	} else {
		n.unary = 0
	}
	n.depth = len(n.stack) + n.terns + n.unary
	n.deepest = max(n.deepest, n.depth)
}

// tokenNesting is the deepest nesting of the tokens and the index of the first token at
// which it passes build.MaxNesting, or -1.
func tokenNesting(toks hclsyntax.Tokens) (deepest, first int) {
	var n nesting
	first = -1
	for i, t := range toks {
		word := ""
		if t.Type == hclsyntax.TokenTemplateControl && i+1 < len(toks) && toks[i+1].Type == hclsyntax.TokenIdent {
			word = string(toks[i+1].Bytes)
		}
		n.token(t.Type, word)
		if first < 0 && n.depth > build.MaxNesting {
			first = i
		}
	}
	return n.deepest, first
}

// notText reports a byte at offset at that makes the file no text hclsyntax reads as
// written: it reports invalid UTF-8 as whatever token it broke ("unterminated template
// string"), or not at all in a comment, and passes a NUL on into scripts.
func (d *decoder) notText(at int, summary, detail string) {
	line := 1 + bytes.Count(d.src[:at], []byte("\n"))
	col := at - (bytes.LastIndexByte(d.src[:at], '\n') + 1) + 1
	start := hclv2.Pos{Line: line, Column: col, Byte: at}
	end := hclv2.Pos{Line: line, Column: col + 1, Byte: at + 1}
	d.errorf(hclv2.Range{Filename: d.filename, Start: start, End: end}, "syntax", detail, "%s", summary)
}
