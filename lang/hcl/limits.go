package hcl

import (
	hclv2 "github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/pipec-dev/pipec/lang/build"
)

// checkLimits refuses a file hclsyntax could not parse safely: one over
// build.MaxSpecSize, or one nesting deeper than build.MaxNesting. hclsyntax's parser
// recurses once or more per level of nesting, and a stack overflow is a fatal error, not
// a panic Parse could recover from: a file of a million "[" killed pipec. So the depth is
// measured on the tokens, before parsing. It reports false after reporting why.
func (d *decoder) checkLimits() bool {
	if len(d.src) > build.MaxSpecSize {
		d.diags = append(d.diags, build.TooLarge(d.filename, len(d.src)))
		return false
	}
	toks, _ := hclsyntax.LexConfig(d.src, d.filename, hclv2.InitialPos)
	if i := tooDeep(toks); i >= 0 {
		d.diags = append(d.diags, build.TooDeep(toRange(toks[i].Range)))
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

// tooDeep returns the index of the first token at which the parser would be nested
// deeper than build.MaxNesting, or -1. Depth counts open brackets, braces, parentheses,
// strings, heredocs, interpolations and directive bodies; each open conditional (?) in
// an expression; and a run of unary ! and -, each of which the parser recurses on. It
// overestimates rather than under: an unbalanced file only reaches the limit sooner.
func tooDeep(toks hclsyntax.Tokens) int {
	var stack []nest
	ternSum, unary := 0, 0
	pop := func(open hclsyntax.TokenType) {
		for i := len(stack) - 1; i >= 0; i-- {
			o := stack[i].open
			if o == open || open == hclsyntax.TokenTemplateInterp && o == hclsyntax.TokenTemplateControl {
				for _, n := range stack[i:] {
					ternSum -= n.terns
				}
				stack = stack[:i]
				return
			}
		}
	}
	for i, t := range toks {
		switch t.Type {
		case hclsyntax.TokenOBrace, hclsyntax.TokenOBrack, hclsyntax.TokenOParen,
			hclsyntax.TokenOQuote, hclsyntax.TokenOHeredoc, hclsyntax.TokenTemplateInterp:
			stack = append(stack, nest{open: t.Type})
		case hclsyntax.TokenTemplateControl:
			if i+1 < len(toks) && toks[i+1].Type == hclsyntax.TokenIdent {
				switch string(toks[i+1].Bytes) {
				case "if", "for":
					stack = append(stack, nest{open: directive})
				case "endif", "endfor":
					pop(directive)
				}
			}
			stack = append(stack, nest{open: t.Type})
		case hclsyntax.TokenCBrace, hclsyntax.TokenCBrack, hclsyntax.TokenCParen,
			hclsyntax.TokenCQuote, hclsyntax.TokenCHeredoc, hclsyntax.TokenTemplateSeqEnd:
			pop(closers[t.Type])
		case hclsyntax.TokenQuestion:
			if len(stack) > 0 {
				stack[len(stack)-1].terns++
			}
			ternSum++
		case hclsyntax.TokenComma, hclsyntax.TokenNewline:
			// A new element or attribute: the conditionals before it are complete.
			// Inside parentheses and brackets a newline continues the expression.
			if n := len(stack); n == 0 && t.Type == hclsyntax.TokenNewline {
				ternSum = 0
			} else if n > 0 && (t.Type == hclsyntax.TokenComma || stack[n-1].open == hclsyntax.TokenOBrace) {
				ternSum -= stack[n-1].terns
				stack[n-1].terns = 0
			}
		}
		if t.Type == hclsyntax.TokenBang || t.Type == hclsyntax.TokenMinus {
			unary++
		} else {
			unary = 0
		}
		if len(stack)+ternSum+unary > build.MaxNesting {
			return i
		}
	}
	return -1
}
