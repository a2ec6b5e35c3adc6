package hcl

import (
	"bytes"
	"unicode/utf8"

	hclv2 "github.com/hashicorp/hcl/v2"
)

// columns counts a position's column in characters in constant time, from its byte
// offset. hclsyntax counts columns in grapheme clusters, while diag.Pos promises
// characters, as the CUE, JSON and YAML front ends count them. Counting the runes of the
// line before each position would make a long line quadratic (a map of 60,000 entries
// on one line took minutes), so one pass over the file notes where each line starts and
// how many characters start before every 256th byte; a column is then the characters
// between the line's start and the position, each counted from the nearest mark.
//
// A character is a byte that does not continue a UTF-8 sequence, which for valid UTF-8
// is utf8.RuneCount and, unlike it, adds up over any split of the text.
type columns struct {
	src   []byte
	lines []int   // where each line starts: lines[0] is 0
	marks []int32 // characters starting in src[:i*markEvery]
}

const markEvery = 256

func newColumns(src []byte) *columns {
	c := &columns{src: src, lines: []int{0}, marks: make([]int32, len(src)/markEvery+1)}
	n := int32(0)
	for i, b := range src {
		if i%markEvery == 0 {
			c.marks[i/markEvery] = n
		}
		if b&0xC0 != 0x80 {
			n++
		}
		if b == '\n' {
			c.lines = append(c.lines, i+1)
		}
	}
	return c
}

// chars is the number of characters starting in src[:at].
func (c *columns) chars(at int) int {
	m := at / markEvery
	return int(c.marks[m]) + count(c.src[m*markEvery:at])
}

// count is the number of characters starting in b.
func count(b []byte) int {
	n := 0
	for _, x := range b {
		if x&0xC0 != 0x80 {
			n++
		}
	}
	return n
}

// column is p's column counted in characters. A position whose line and offset
// disagree is counted the slow way; one outside the source (or a decoder without it)
// keeps hclsyntax's column.
func (c *columns) column(p hclv2.Pos) int {
	if c == nil || p.Byte <= 0 || p.Byte > len(c.src) {
		return p.Column
	}
	if l := p.Line - 1; l >= 0 && l < len(c.lines) && c.lines[l] <= p.Byte && (l+1 == len(c.lines) || p.Byte < c.lines[l+1]) {
		start := c.lines[l]
		if p.Byte-start <= markEvery {
			// Most lines are short: counting the line itself is less work than the
			// marks' two partial blocks.
			return count(c.src[start:p.Byte]) + 1
		}
		return c.chars(p.Byte) - c.chars(start) + 1
	}
	return runeColumn(c.src, p)
}

// runeColumn is p's column counted in runes from the start of its line in src, by
// scanning the line: for the one-off positions pipec fmt reports.
func runeColumn(src []byte, p hclv2.Pos) int {
	if p.Byte <= 0 || p.Byte > len(src) {
		return p.Column
	}
	lineStart := bytes.LastIndexByte(src[:p.Byte], '\n') + 1
	return utf8.RuneCount(src[lineStart:p.Byte]) + 1
}
