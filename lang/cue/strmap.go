package cue

import (
	"bytes"
	"strconv"
	"strings"
)

// This file finds where each byte of a string value lies in its file, so a reference or a
// `when` condition inside an escaped string ("ci.branch == \"main\"") is reported at its
// exact line and column. It reads the literal's raw text at the value's position: a
// double-quoted string (CUE, JSON, YAML), a YAML single-quoted or plain scalar, a CUE
// raw string (#"..."#) or a CUE multi-line string ("""...""", #"""..."""#). Strings
// built by CUE expressions (interpolations), YAML block scalars and anything it cannot
// read back exactly have no map; their problems are reported at the value.

// rawOffsets returns, for each byte i of val, its byte offset in src, plus one more entry
// for the end of val; nil when the literal at start is not one it can map exactly.
func rawOffsets(src []byte, start int, val string) []int {
	if start < 0 || start >= len(src) {
		return nil
	}
	raw := src[start:]
	var offs []int
	var got strings.Builder
	switch {
	case strings.HasPrefix(strings.TrimLeft(string(raw[:min(len(raw), 64)]), "#"), `"""`):
		offs = mapMultiLine(raw, start, &got)
	case raw[0] == '"':
		offs = mapDoubleQuoted(raw, start, &got)
	case raw[0] == '#':
		offs = mapCUERaw(raw, start, &got)
	case raw[0] == '\'':
		offs = mapSingleQuoted(raw, start, &got)
	case raw[0] == '|' || raw[0] == '>':
		return nil // a YAML block scalar
	default: // a YAML plain scalar: one line, byte for byte
		for i := 0; i < len(val) && i < len(raw) && raw[i] != '\n'; i++ {
			offs = append(offs, start+i)
			got.WriteByte(raw[i])
		}
		offs = append(offs, start+len(offs))
	}
	if offs == nil || got.String() != val || len(offs) != len(val)+1 {
		return nil
	}
	return offs
}

// mapDoubleQuoted reads "..." with backslash escapes (the CUE, JSON and YAML forms).
func mapDoubleQuoted(raw []byte, start int, got *strings.Builder) []int {
	var offs []int
	for i := 1; i < len(raw); {
		c := raw[i]
		switch {
		case c == '"':
			return append(offs, start+i)
		case c == '\n':
			return nil
		case c != '\\':
			offs = append(offs, start+i)
			got.WriteByte(c)
			i++
			continue
		}
		n, ok := mapEscape(raw, i, start, &offs, got)
		if !ok {
			return nil
		}
		i += n
	}
	return nil
}

// mapEscape reads the escape at raw[i]; its decoded bytes all map to the backslash. It
// returns the escape's length, or false for one it cannot read back (an interpolation).
func mapEscape(raw []byte, i, start int, offs *[]int, got *strings.Builder) (int, bool) {
	n := escapeLen(raw[i:])
	if n == 0 {
		return 0, false
	}
	dec, err := strconv.Unquote(`"` + normalizeEscape(string(raw[i:i+n])) + `"`)
	if err != nil {
		return 0, false
	}
	for range len(dec) {
		*offs = append(*offs, start+i)
	}
	got.WriteString(dec)
	return n, true
}

// mapMultiLine reads a CUE multi-line string: """ (or #""") and a line break, lines that
// each start with the indentation of the closing """ line, which CUE strips, and the
// closing line, whose line break before it is not part of the value. Escapes are those
// of "..." (of #"..."#: \# and more are not mapped).
func mapMultiLine(raw []byte, start int, got *strings.Builder) []int {
	hashes := 0
	for hashes < len(raw) && raw[hashes] == '#' {
		hashes++
	}
	open := hashes + 3
	if open >= len(raw) || raw[open] != '\n' {
		return nil
	}
	closing := `"""` + strings.Repeat("#", hashes)
	escape := `\` + strings.Repeat("#", hashes)
	var lines [][2]int // each content line's start and end (before its line break)
	indent := ""
	for from := open + 1; ; {
		end := bytes.IndexByte(raw[from:], '\n')
		if end < 0 {
			end = len(raw) - from // the closing line ends the file
		}
		end += from
		line := string(raw[from:end])
		if trimmed := strings.TrimLeft(line, " \t"); strings.HasPrefix(trimmed, closing) {
			indent = line[:len(line)-len(trimmed)]
			break
		}
		if end == len(raw) {
			return nil
		}
		lines = append(lines, [2]int{from, end})
		from = end + 1
	}
	var offs []int
	for k, l := range lines {
		if k > 0 {
			offs = append(offs, start+lines[k-1][1])
			got.WriteByte('\n')
		}
		if !bytes.HasPrefix(raw[l[0]:l[1]], []byte(indent)) {
			if strings.TrimLeft(string(raw[l[0]:l[1]]), " \t") != "" {
				return nil
			}
			continue // a blank line may be shorter than the indentation
		}
		for i := l[0] + len(indent); i < l[1]; {
			if !bytes.HasPrefix(raw[i:], []byte(escape)) {
				offs = append(offs, start+i)
				got.WriteByte(raw[i])
				i++
				continue
			}
			if hashes > 0 {
				return nil
			}
			n, ok := mapEscape(raw, i, start, &offs, got)
			if !ok {
				return nil
			}
			i += n
		}
	}
	end := open + 1
	if len(lines) > 0 {
		end = lines[len(lines)-1][1]
	}
	return append(offs, start+end)
}

// escapeLen is the length of the escape sequence at the start of s, or 0.
func escapeLen(s []byte) int {
	if len(s) < 2 {
		return 0
	}
	switch s[1] {
	case 'u':
		return min(6, len(s))
	case 'U':
		return min(10, len(s))
	case 'x':
		return min(4, len(s))
	case '(': // a CUE interpolation: the value was computed
		return 0
	}
	return 2
}

// normalizeEscape turns the escapes Go does not know (JSON's \/, YAML's \e, \N...) into
// something Unquote reads, or leaves them to fail.
func normalizeEscape(e string) string {
	switch e {
	case `\/`:
		return "/"
	case `\e`:
		return `\x1b`
	case `\N`:
		return `\u0085`
	case `\_`:
		return `\u00a0`
	case `\ `:
		return " "
	case `\0`:
		return `\x00`
	}
	return e
}

// mapCUERaw reads #"..."# (any number of #), whose only escapes are \#...: those are not
// mapped.
func mapCUERaw(raw []byte, start int, got *strings.Builder) []int {
	hashes := 0
	for hashes < len(raw) && raw[hashes] == '#' {
		hashes++
	}
	if hashes >= len(raw) || raw[hashes] != '"' || strings.HasPrefix(string(raw[hashes:]), `"""`) {
		return nil
	}
	closing := `"` + strings.Repeat("#", hashes)
	escape := `\` + strings.Repeat("#", hashes)
	var offs []int
	for i := hashes + 1; i < len(raw); i++ {
		rest := string(raw[i:])
		switch {
		case strings.HasPrefix(rest, closing):
			return append(offs, start+i)
		case strings.HasPrefix(rest, escape), raw[i] == '\n':
			return nil
		}
		offs = append(offs, start+i)
		got.WriteByte(raw[i])
	}
	return nil
}

// mapSingleQuoted reads a YAML '...' scalar, where ” is one quote.
func mapSingleQuoted(raw []byte, start int, got *strings.Builder) []int {
	var offs []int
	for i := 1; i < len(raw); i++ {
		switch raw[i] {
		case '\'':
			if i+1 < len(raw) && raw[i+1] == '\'' {
				offs = append(offs, start+i)
				got.WriteByte('\'')
				i++
				continue
			}
			return append(offs, start+i)
		case '\n':
			return nil
		}
		offs = append(offs, start+i)
		got.WriteByte(raw[i])
	}
	return nil
}
