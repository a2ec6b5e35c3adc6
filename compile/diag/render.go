package diag

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// Sources maps a file name to its bytes, so renderers can show the offending line.
type Sources map[string][]byte

// WriteText prints diagnostics as `FILE:LINE:COL: error: summary [code]`, then the source
// line with a `^~~~` marker under the subject, then the detail and related notes.
func WriteText(w io.Writer, ds Diagnostics, src Sources) {
	for _, d := range ds {
		code := d.Code
		if d.Target != "" {
			code = d.Target + "/" + d.Code
		}
		fmt.Fprintf(w, "%s: %s: %s [%s]\n", d.Subject, d.Severity, d.Summary, code)
		writeSnippet(w, d.Subject, src)
		if d.Detail != "" {
			for _, line := range strings.Split(d.Detail, "\n") {
				fmt.Fprintf(w, "  %s\n", line)
			}
		}
		for _, n := range d.Related {
			fmt.Fprintf(w, "  %s: note: %s\n", n.Subject, n.Message)
		}
	}
}

func writeSnippet(w io.Writer, r Range, src Sources) {
	body, ok := src[r.Filename]
	if !ok || r.Start.Line < 1 {
		return
	}
	line, ok := sourceLine(body, r.Start.Line)
	if !ok {
		return
	}
	line = strings.ReplaceAll(line, "\t", " ")
	if !utf8.ValidString(line) {
		line = strings.ToValidUTF8(line, "\uFFFD")
	}
	runes := []rune(line)
	for i, c := range runes {
		// The spec's control characters must not reach a terminal (an escape sequence
		// would be obeyed); each keeps its column.
		if c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) {
			runes[i] = utf8.RuneError
		}
	}
	width := 1
	if r.End.Line == r.Start.Line && r.End.Column > r.Start.Column {
		width = r.End.Column - r.Start.Column
	} else if r.End.Line > r.Start.Line {
		width = len(runes) - r.Start.Column + 1
	}
	gutter := fmt.Sprintf("%d", r.Start.Line)
	pad := strings.Repeat(" ", len(gutter))
	col := max(r.Start.Column, 1)
	if len(runes) > snippetWidth {
		// A long line (minified JSON, a generated file) shows the part around the
		// column: a terminal has no use for a megabyte on one line.
		from := min(max(col-1-snippetLead, 0), len(runes)-snippetWidth)
		to := from + snippetWidth
		shown := string(runes[from:to])
		col -= from
		if from > 0 {
			shown = "…" + shown
			col++
		}
		if to < len(runes) {
			shown += "…"
		}
		runes = []rune(shown)
	}
	width = max(min(width, len(runes)-col+1), 1)
	fmt.Fprintf(w, " %s | %s\n", gutter, string(runes))
	fmt.Fprintf(w, " %s | %s^%s\n", pad, strings.Repeat(" ", col-1), strings.Repeat("~", width-1))
}

// A snippet shows at most snippetWidth characters of a line, from snippetLead before the
// subject's column.
const (
	snippetWidth = 240
	snippetLead  = 80
)

func sourceLine(body []byte, n int) (string, bool) {
	cur := 1
	start := 0
	for i, b := range body {
		if cur == n {
			start = i
			break
		}
		if b == '\n' {
			cur++
			if cur == n {
				start = i + 1
				break
			}
		}
	}
	if cur != n {
		return "", false
	}
	if start > len(body) {
		return "", false
	}
	end := start
	for end < len(body) && body[end] != '\n' {
		end++
	}
	return strings.TrimRight(string(body[start:end]), "\r"), true
}
