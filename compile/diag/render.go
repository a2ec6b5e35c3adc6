package diag

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Sources maps a file name to its bytes, so renderers can show the offending line.
type Sources map[string][]byte

// WriteText prints diagnostics as `FILE:LINE:COL: error: summary [code]`, then the source
// line with a `^~~~` marker under the subject, then the detail and related notes.
func WriteText(w io.Writer, ds Diagnostics, src Sources) {
	WriteTextOptions(w, ds, src, TextOptions{})
}

// TextOptions change how WriteTextOptions prints.
type TextOptions struct {
	// Color writes the severity word in colour for a terminal: error red, warning
	// yellow. The rest of the line stays plain, so it reads the same without colour.
	Color bool
}

// severityColor is the ANSI colour of each severity word; info has none.
var severityColor = map[Severity]string{Error: "\x1b[31m", Warning: "\x1b[33m"}

// WriteTextOptions is WriteText with options.
func WriteTextOptions(w io.Writer, ds Diagnostics, src Sources, opts TextOptions) {
	w, flush := buffered(w)
	defer flush()
	lines := lineIndex{}
	for _, d := range ds {
		code := d.Code
		if d.Target != "" {
			code = d.Target + "/" + d.Code
		}
		sev := d.Severity.String()
		if c, ok := severityColor[d.Severity]; ok && opts.Color {
			sev = c + sev + "\x1b[0m"
		}
		fmt.Fprintf(w, "%s: %s: %s [%s]\n", d.Subject, sev, printable(d.Summary), code)
		writeSnippet(w, d.Subject, src, lines)
		if d.Detail != "" {
			for _, line := range strings.Split(d.Detail, "\n") {
				fmt.Fprintf(w, "  %s\n", printable(line))
			}
		}
		for _, n := range d.Related {
			fmt.Fprintf(w, "  %s: note: %s\n", n.Subject, printable(n.Message))
		}
	}
}

// lineIndex holds, per file, where each line starts, found once per WriteText: looking
// for a diagnostic's line from the start of the file made printing the thousands of
// warnings of a large spec quadratic (20 s for 10,000 stages).
type lineIndex map[string][]int

func (x lineIndex) line(name string, body []byte, n int) (string, bool) {
	starts, ok := x[name]
	if !ok {
		starts = []int{0}
		for i, b := range body {
			if b == '\n' {
				starts = append(starts, i+1)
			}
		}
		x[name] = starts
	}
	if n < 1 || n > len(starts) {
		return "", false
	}
	start := starts[n-1]
	end := start
	for end < len(body) && body[end] != '\n' {
		end++
	}
	return strings.TrimRight(string(body[start:end]), "\r"), true
}

func writeSnippet(w io.Writer, r Range, src Sources, lines lineIndex) {
	body, ok := src[r.Filename]
	if !ok || r.Start.Line < 1 {
		return
	}
	line, ok := lines.line(r.Filename, body, r.Start.Line)
	if !ok {
		return
	}
	if r.Start.Line == 1 {
		// A byte order mark is no character of the line: columns do not count it, and
		// a terminal shows it as a stray mark or nothing.
		line = strings.TrimPrefix(line, "\uFEFF")
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

// buffered wraps w in a buffer that flush empties. The commands print to os.Stderr and
// os.Stdout, which are not buffered: one write per line made the 9,000 warnings of a
// 10,000-stage spec 36,000 system calls.
func buffered(w io.Writer) (io.Writer, func()) {
	b := bufio.NewWriterSize(w, 64<<10)
	return b, func() { b.Flush() }
}

// printable writes the control characters of a message as Go escapes (\r, \x1b,
// \u0085): a message may quote the spec's or a tool's text (a shellcheck finding quotes
// the script), and a terminal would obey an escape sequence or a carriage return.
func printable(s string) string {
	clean := true
	for _, r := range s {
		if isControl(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if isControl(r) {
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isControl is a C0 or C1 control character or DEL; a tab is text.
func isControl(r rune) bool {
	return r < 0x20 && r != '\t' || r == 0x7f || r >= 0x80 && r < 0xa0
}
