package cue

import (
	"unicode/utf8"

	"cuelang.org/go/cue/token"

	"github.com/pipec-dev/pipec/compile/diag"
)

// sources holds the files being decoded, to turn CUE's positions (line and byte column)
// into pipec's (line, rune column and byte offset) and to read a string's raw text.
type sources map[string]*source

type source struct {
	src   []byte
	lines []int // byte offset of each line's start
	// charColumns is set for YAML: CUE's YAML decoder takes go-yaml's column, which
	// counts characters, as a count of bytes, so its columns count characters there.
	charColumns bool
	// last is the position pos computed last. Positions are asked for in nearly
	// increasing order, so counting a column's runes from there, not from the line's
	// start, keeps a long line (a minified JSON file is one) linear, not quadratic.
	last diag.Pos
}

func newSource(src []byte) *source {
	s := &source{src: src, lines: []int{0}}
	for i, c := range src {
		if c == '\n' {
			s.lines = append(s.lines, i+1)
		}
	}
	return s
}

// offset is the byte offset of a CUE position (line, column), clamped to the file. The
// column counts bytes, or characters in a YAML file (charColumns).
func (s *source) offset(line, col int) int {
	if line < 1 {
		return 0
	}
	if line > len(s.lines) {
		return len(s.src)
	}
	start := s.lines[line-1]
	if s.charColumns {
		return s.charOffset(start, col)
	}
	return min(max(start+col-1, 0), len(s.src))
}

// charOffset is the byte offset of the col-th character of the line starting at start,
// at most the line's end: a column past it is a byte count CUE scanned itself (the
// closing brace of a flow mapping), which lands on the line's last characters.
func (s *source) charOffset(start, col int) int {
	off := start
	for n := 1; n < col && off < len(s.src) && s.src[off] != '\n'; n++ {
		_, size := utf8.DecodeRune(s.src[off:])
		off += size
	}
	return off
}

// pos is the diag.Pos of a byte offset.
func (s *source) pos(off int) diag.Pos {
	off = min(max(off, 0), len(s.src))
	line := 0
	lo, hi := 0, len(s.lines)-1
	for lo <= hi { // the last line starting at or before off
		mid := (lo + hi) / 2
		if s.lines[mid] <= off {
			line, lo = mid, mid+1
		} else {
			hi = mid - 1
		}
	}
	from, col := s.lines[line], 1
	if s.last.Line == line+1 && s.last.Byte <= off && s.last.Byte >= from {
		from, col = s.last.Byte, s.last.Column
	}
	s.last = diag.Pos{Line: line + 1, Column: col + utf8.RuneCount(s.src[from:off]), Byte: off}
	return s.last
}

// loc is a place in one of the files: the file and a byte offset.
type loc struct {
	file string
	off  int
	ok   bool
}

func (ss sources) loc(p token.Pos) loc {
	if !p.IsValid() {
		return loc{}
	}
	s := ss[p.Filename()]
	if s == nil {
		return loc{}
	}
	return loc{file: p.Filename(), off: s.offset(p.Line(), p.Column()), ok: true}
}

// rng is the diag.Range from a to b (b may be unknown: then a zero-width range at a).
func (ss sources) rng(a, b loc) diag.Range {
	if !a.ok {
		return diag.Range{}
	}
	s := ss[a.file]
	r := diag.Range{Filename: a.file, Start: s.pos(a.off)}
	r.End = r.Start
	if b.ok && b.file == a.file && b.off >= a.off {
		r.End = s.pos(b.off)
	}
	return r
}

// at is the diag.Pos of an offset in file.
func (ss sources) at(file string, off int) diag.Pos {
	if s := ss[file]; s != nil {
		return s.pos(off)
	}
	return diag.Pos{}
}

// lineStart is the position of the first non-blank character of a line (1-based), of the
// line's end when it is blank, and of the file's end past the last line.
func (s *source) lineStart(line int) diag.Pos {
	if line > len(s.lines) {
		return s.pos(len(s.src))
	}
	off := s.lines[max(line, 1)-1]
	for off < len(s.src) && (s.src[off] == ' ' || s.src[off] == '\t') {
		off++
	}
	return s.pos(off)
}

// withQuotes widens a label's range a..b to the quotes around it. CUE's JSON decoder makes
// a key that is an identifier ("needs") an unquoted label starting after its quote, while
// a key that is not ("b-c") keeps its quotes; every key of a JSON file is quoted, and is
// shown with its quotes, as a quoted YAML key and an HCL label are.
func (ss sources) withQuotes(a, b loc) (loc, loc) {
	s := ss[a.file]
	if !a.ok || !b.ok || s == nil || b.file != a.file || a.off < 1 || b.off >= len(s.src) {
		return a, b
	}
	if s.src[a.off-1] == '"' && s.src[b.off] == '"' {
		a.off--
		b.off++
	}
	return a, b
}

// label widens the zero-width range r at the start of a field's label to the label: an
// identifier (#Def, $x, name_2) or a quoted string. Any other r is returned as it is.
func (ss sources) label(r diag.Range) diag.Range {
	s := ss[r.Filename]
	if s == nil || r.End != r.Start || r.Start.Byte >= len(s.src) {
		return r
	}
	src, off := s.src, r.Start.Byte
	end := off
	if src[off] == '"' {
		for end = off + 1; end < len(src) && src[end] != '"' && src[end] != '\n'; end++ {
			if src[end] == '\\' {
				end++
			}
		}
		end = min(end+1, len(src))
	} else {
		for end < len(src) && isLabelByte(src[end]) {
			end++
		}
	}
	if end == off {
		return r
	}
	r.End = s.pos(end)
	return r
}

// isLabelByte tells whether c may be part of an identifier label; a letter beyond ASCII
// ends the label early, which only shortens the marker.
func isLabelByte(c byte) bool {
	return c == '_' || c == '$' || c == '#' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
