package hcl

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	hclv2 "github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/expr"
	"github.com/pipec-dev/pipec/compile/model"
	"github.com/pipec-dev/pipec/internal/par"
	"github.com/pipec-dev/pipec/lang/build"
)

// Parse decodes one HCL spec into the model. It returns as much of the model as it could
// build and every problem found in one run; it never panics, whatever the input.
//
// When the file has a syntax error the pipeline is nil: a half-parsed tree would only add
// confusing follow-on errors. A redefined attribute is not a syntax error; decoding goes
// on so the rest of the file is still checked.
func Parse(filename string, src []byte) (p *model.Pipeline, diags diag.Diagnostics) {
	return parseWith(filename, src, defaultChunking)
}

// parseWith is Parse, splitting the file for the parser as c says.
func parseWith(filename string, src []byte, c chunking) (p *model.Pipeline, diags diag.Diagnostics) {
	// Scripts written on Windows must not carry \r into generated YAML. Lines and columns
	// are unchanged by this; only byte offsets move, and the decoder reads this copy.
	src = build.Newlines(src)
	d := &decoder{filename: filename, src: src, chunking: c, cols: newColumns(src)}
	defer func() {
		// hclsyntax asserts its own invariants with panics; a user's file must never
		// crash pipec, so a panic becomes a diagnostic (the fuzz target fails on it).
		if r := recover(); r != nil {
			if pp, ok := r.(*par.Panic); ok { // from a goroutine decoding stages
				r = pp.Value
			}
			p = nil
			d.diags.Errorf(fileStart(filename), "internal-error",
				"this is a bug in pipec; please report it with the spec that caused it",
				"the HCL front end crashed: %v", r)
			diags = d.diags
		}
	}()

	if !d.checkLimits() {
		return nil, d.diags
	}
	body, hdiags := d.parse()
	if d.convert(quoteCascade(hdiags), body) || body == nil {
		d.diags.Sort()
		return nil, d.diags
	}
	p = d.file(body)
	if p != nil {
		p.Misspelled = d.diags.Misspellings()
	}
	d.diags.Sort()
	return p, d.diags
}

// decoder carries the file being decoded and collects diagnostics.
type decoder struct {
	filename string
	src      []byte
	cols     *columns // counts columns in characters
	diags    diag.Diagnostics
	// bodies is where the items of the file's top-level bodies end, when checkLimits's
	// scan could read the file (see quickScanned).
	bodies   [][]int
	chunking chunking
}

// convert turns HCL's parse diagnostics into ours and reports whether any of them is a
// syntax error (which stops decoding).
func (d *decoder) convert(hdiags hclv2.Diagnostics, root *hclsyntax.Body) (syntaxErr bool) {
	// A stray character in a condition is one error, at the first one of its line (=~ is
	// two of HCL's errors).
	first := map[int]int{}
	for _, hd := range hdiags {
		if _, at, ok := d.strayInWhen(hd); ok {
			if b, seen := first[at.Start.Line]; !seen || at.Start.Byte < b {
				first[at.Start.Line] = at.Start.Byte
			}
		}
	}
	for _, hd := range hdiags {
		if c, at, ok := d.strayInWhen(hd); ok {
			if first[at.Start.Line] == at.Start.Byte {
				first[at.Start.Line] = -1
				d.diags = append(d.diags, &diag.Diagnostic{Severity: diag.Error, Code: "bad-expression",
					Summary: fmt.Sprintf("unexpected character %q", c), Detail: expr.UnexpectedCharDetail(c), Subject: d.toRange(at)})
			}
			syntaxErr = true
			continue
		}
		dd := &diag.Diagnostic{
			Severity: diag.Error,
			Code:     "syntax",
			Summary:  summary(hd.Summary),
			Detail:   hd.Detail,
			Subject:  fileStart(d.filename),
		}
		if hd.Severity == hclv2.DiagWarning {
			dd.Severity = diag.Warning
		}
		if hd.Subject != nil {
			dd.Subject = d.toRange(*hd.Subject)
		} else if hd.Context != nil {
			dd.Subject = d.toRange(*hd.Context)
		}
		if at, end, ok := d.foreignSyntax(hd.Subject); ok && dd.Severity == diag.Error {
			dd.Code, dd.Summary, dd.Detail = "bad-reference", expr.ForeignSyntax, expr.ForeignSyntaxDetail
			dd.Subject = d.toRange(hclv2.Range{Filename: d.filename, Start: at, End: end})
			syntaxErr = true
		} else if name, value, at, ok := d.attributeWithoutEquals(hd); ok {
			dd.Summary = fmt.Sprintf("missing \"=\" after %s", name)
			dd.Detail = fmt.Sprintf("to set the attribute, write %s = %s; a block opens with \"{\" on its header's line", name, value)
			dd.Subject = d.toRange(at)
			syntaxErr = true
		} else if word, at, ok := d.wordOperator(hd); ok {
			dd.Code, dd.Detail = "bad-expression", expr.UnexpectedDetail(word)
			dd.Summary = fmt.Sprintf("unexpected %q in condition", word)
			dd.Subject = d.toRange(at)
			syntaxErr = true
		} else if at, marker, ok := d.unclosedHeredoc(hd); ok {
			dd.Summary = fmt.Sprintf("heredoc %s is never closed", marker)
			dd.Detail = fmt.Sprintf("end it with a line holding only %s; the rest of the file was read as its text", marker)
			dd.Subject = d.toRange(at)
			syntaxErr = true
		} else if hd.Summary == "Attribute redefined" && hd.Subject != nil {
			dd.Code = "duplicate-attribute"
			name := d.text(*hd.Subject)
			dd.Summary = fmt.Sprintf("attribute %q is set twice", name)
			dd.Detail = "each attribute may be set only once in a block"
			if first := firstAttribute(root, *hd.Subject, name); first != nil {
				dd.Related = []diag.Note{{Message: "first set here", Subject: d.toRange(first.NameRange)}}
			}
		} else if dd.Severity == diag.Error {
			syntaxErr = true
		}
		d.diags = append(d.diags, dd)
	}
	return syntaxErr
}

// attributeHeader is a line HCL read as a block header without its "{": a name, then
// one quoted string, as `image "golang:1.23"` (an attribute missing its "=") is.
var attributeHeader = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_-]*)[ \t]+("[^"\n]*")$`) })

// attributeWithoutEquals finds the attribute an "invalid block definition" comes from:
// `run "make"` is a block header to HCL, whose message (a block needs "{" and "}") does
// not name the missing "=". A header followed by "{" on the next line is a block.
// It returns the name, the value as written and the name's range.
func (d *decoder) attributeWithoutEquals(hd *hclv2.Diagnostic) (string, string, hclv2.Range, bool) {
	if hd.Summary != "Invalid block definition" || hd.Context == nil || hd.Subject == nil {
		return "", "", hclv2.Range{}, false
	}
	start, end := hd.Context.Start, hd.Subject.Start
	if start.Byte < 0 || start.Byte > end.Byte || end.Byte > len(d.src) {
		return "", "", hclv2.Range{}, false
	}
	if next := bytes.TrimLeft(d.src[end.Byte:], " \t\n"); len(next) > 0 && next[0] == '{' {
		return "", "", hclv2.Range{}, false
	}
	m := attributeHeader().FindSubmatch(bytes.TrimRight(d.src[start.Byte:end.Byte], " \t"))
	if m == nil {
		return "", "", hclv2.Range{}, false
	}
	nameEnd := hclv2.Pos{Line: start.Line, Column: start.Column + len(m[1]), Byte: start.Byte + len(m[1])}
	return string(m[1]), string(m[2]), hclv2.Range{Filename: d.filename, Start: start, End: nameEnd}, true
}

// unclosedHeredoc finds the `<<EOT` that an "unterminated template string" at the end
// of the file comes from: HCL reports it at the file's end, where there is nothing to
// see, with the heredoc's text (from the line after the opener) as its context. It
// returns the opener's range and its marker.
func (d *decoder) unclosedHeredoc(hd *hclv2.Diagnostic) (hclv2.Range, string, bool) {
	if hd.Summary != "Unterminated template string" || hd.Context == nil || hd.Subject == nil {
		return hclv2.Range{}, "", false
	}
	body := hd.Context.Start
	if body.Byte <= 0 || body.Byte > len(d.src) || d.src[body.Byte-1] != '\n' || body.Line < 2 {
		return hclv2.Range{}, "", false
	}
	lineStart := bytes.LastIndexByte(d.src[:body.Byte-1], '\n') + 1
	line := d.src[lineStart : body.Byte-1]
	i := bytes.LastIndex(line, []byte("<<"))
	if i < 0 {
		return hclv2.Range{}, "", false
	}
	marker := strings.TrimSpace(strings.TrimLeft(string(line[i+2:]), "-"))
	if marker == "" {
		return hclv2.Range{}, "", false
	}
	pos := func(off int) hclv2.Pos {
		return hclv2.Pos{Line: body.Line - 1, Column: utf8.RuneCount(line[:off]) + 1, Byte: lineStart + off}
	}
	return hclv2.Range{Filename: d.filename, Start: pos(i), End: pos(len(bytes.TrimRight(line, " \t")))}, marker, true
}

// lostQuotes are HCL's syntax errors after which its scanner reads the rest of the file
// with quotes inverted: a string left open at the end of its line ("make), or a `${`
// left open inside one, whose `"` then opens a string of its own.
var lostQuotes = map[string]bool{
	"Invalid multi-line string":                true,
	"Unterminated template string":             true,
	"Unclosed template interpolation sequence": true,
}

// quoteCascade keeps, of HCL's syntax errors, those before the first one that loses track
// of quotes, and that one: every later line reads with its strings inverted, and HCL
// reports each line break of the file's remainder as one more "invalid multi-line
// string", and the words outside the strings as invalid characters. One unclosed quote
// gave a dozen errors, each pointing at a line that is right.
func quoteCascade(hdiags hclv2.Diagnostics) hclv2.Diagnostics {
	cut := -1
	for _, hd := range hdiags {
		if hd.Severity == hclv2.DiagError && lostQuotes[hd.Summary] && hd.Subject != nil &&
			(cut < 0 || hd.Subject.Start.Byte < cut) {
			cut = hd.Subject.Start.Byte
		}
	}
	if cut < 0 {
		return hdiags
	}
	var out hclv2.Diagnostics
	kept := false
	for _, hd := range hdiags {
		switch {
		case hd.Subject == nil || hd.Subject.Start.Byte < cut:
			out = append(out, hd)
		case hd.Subject.Start.Byte == cut && lostQuotes[hd.Summary] && !kept:
			out, kept = append(out, hd), true
		}
	}
	return out
}

// foreignSyntax finds the `${{` that an HCL error on its line comes from: HCL reads
// "${{ github.sha }}" as an interpolation of an object and reports a missing "=" at its
// end. It returns the range of `${{ ... }}` when the line holds one before the error.
func (d *decoder) foreignSyntax(subject *hclv2.Range) (hclv2.Pos, hclv2.Pos, bool) {
	if subject == nil || subject.Start.Byte > len(d.src) {
		return hclv2.Pos{}, hclv2.Pos{}, false
	}
	lineStart := bytes.LastIndexByte(d.src[:subject.Start.Byte], '\n') + 1
	i := bytes.LastIndex(d.src[lineStart:subject.Start.Byte], []byte("${{"))
	if i < 0 || (lineStart+i > 0 && d.src[lineStart+i-1] == '$') {
		return hclv2.Pos{}, hclv2.Pos{}, false
	}
	i += lineStart
	end := subject.End.Byte
	if j := bytes.Index(d.src[i:], []byte("}}")); j >= 0 && !bytes.Contains(d.src[i:i+j], []byte("\n")) {
		end = i + j + 2
	}
	col := func(off int) hclv2.Pos {
		lineOff := off - lineStart
		return hclv2.Pos{Line: subject.Start.Line, Column: utf8.RuneCount(d.src[lineStart:lineStart+lineOff]) + 1, Byte: off}
	}
	if end < subject.Start.Byte || bytes.Contains(d.src[i:end], []byte("\n")) {
		return col(i), col(i + 3), true
	}
	return col(i), col(end), true
}

// strayInWhen finds a character a condition cannot hold where HCL's parser stopped in
// one (when = ci.branch = "main", when = a ~= b): HCL reports "missing newline after
// argument" there (and, for a character it has no token for, "invalid character" or
// "unsupported operator" too), where the CUE front end reports pipec's bad-expression
// at the character. It returns the character and where it is written.
func (d *decoder) strayInWhen(hd *hclv2.Diagnostic) (rune, hclv2.Range, bool) {
	switch hd.Summary {
	case "Missing newline after argument", "Invalid character", "Unsupported operator":
	default:
		return 0, hclv2.Range{}, false
	}
	if hd.Subject == nil || hd.Subject.Start.Byte >= len(d.src) {
		return 0, hclv2.Range{}, false
	}
	at := hd.Subject.Start
	lineStart := bytes.LastIndexByte(d.src[:at.Byte], '\n') + 1
	if !setsWhen(d.src[lineStart:at.Byte]) {
		return 0, hclv2.Range{}, false
	}
	c, size := utf8.DecodeRune(d.src[at.Byte:])
	if !strings.ContainsRune("=~<>^%*/+-:;,@#?", c) {
		return 0, hclv2.Range{}, false // a word (and, or) or something else: see wordOperator
	}
	end := hclv2.Pos{Line: at.Line, Column: at.Column + 1, Byte: at.Byte + size}
	return c, hclv2.Range{Filename: d.filename, Start: at, End: end}, true
}

// setsWhen reports whether line, the start of a line up to some point, sets a condition:
// blanks, "when", blanks, "=".
func setsWhen(line []byte) bool {
	rest := bytes.TrimLeft(line, " \t")
	if !bytes.HasPrefix(rest, []byte("when")) {
		return false
	}
	return bytes.HasPrefix(bytes.TrimLeft(rest[len("when"):], " \t"), []byte("="))
}

// wordOperator finds an operator written as a word in a condition (`when = a and b`,
// `when = not a`), which HCL reads as the end of the attribute followed by more text:
// "missing newline after argument" at `and`, or at the operand after `not`. It returns
// the word and where it is written.
func (d *decoder) wordOperator(hd *hclv2.Diagnostic) (string, hclv2.Range, bool) {
	if hd.Summary != "Missing newline after argument" || hd.Subject == nil || hd.Subject.Start.Byte > len(d.src) {
		return "", hclv2.Range{}, false
	}
	at := hd.Subject.Start
	lineStart := bytes.LastIndexByte(d.src[:at.Byte], '\n') + 1
	prefix := d.src[lineStart:at.Byte]
	if !setsWhen(prefix) {
		return "", hclv2.Range{}, false
	}
	word := func(from int) hclv2.Range {
		to := from
		for to < len(d.src) && isIdentByte(d.src[to]) {
			to++
		}
		col := utf8.RuneCount(d.src[lineStart:from]) + 1
		return hclv2.Range{Filename: d.filename,
			Start: hclv2.Pos{Line: at.Line, Column: col, Byte: from},
			End:   hclv2.Pos{Line: at.Line, Column: col + to - from, Byte: to}}
	}
	if r := word(at.Byte); isWordOperator(d.text(r)) {
		return d.text(r), r, true
	}
	// `not x`: the word before the subject.
	trimmed := bytes.TrimRight(prefix, " \t")
	from := len(trimmed)
	for from > 0 && isIdentByte(trimmed[from-1]) {
		from--
	}
	if r := word(lineStart + from); d.text(r) == "not" {
		return "not", r, true
	}
	return "", hclv2.Range{}, false
}

func isWordOperator(w string) bool {
	_, ok := expr.WordOperator(w)
	return ok && w != "not"
}

// firstAttribute finds the attribute HCL kept when name was set twice: the one in the
// innermost body around the second definition at dup.
func firstAttribute(body *hclsyntax.Body, dup hclv2.Range, name string) *hclsyntax.Attribute {
	if body == nil {
		return nil
	}
	for _, b := range body.Blocks {
		if b.Body != nil && b.Body.SrcRange.ContainsOffset(dup.Start.Byte) {
			return firstAttribute(b.Body, dup, name)
		}
	}
	return body.Attributes[name]
}

// summary adapts an HCL summary ("Unclosed configuration block.") to ours: lowercase
// first letter unless it starts an acronym, no trailing period.
func summary(s string) string {
	s = strings.TrimSuffix(strings.TrimSpace(s), ".")
	r, size := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return s
	}
	if next, _ := utf8.DecodeRuneInString(s[size:]); unicode.IsUpper(next) {
		return s
	}
	return string(unicode.ToLower(r)) + s[size:]
}

// text returns the exact source bytes of r, or "" when r does not lie inside the file.
func (d *decoder) text(r hclv2.Range) string {
	if r.Start.Byte < 0 || r.Start.Byte > r.End.Byte || r.End.Byte > len(d.src) {
		return ""
	}
	return string(d.src[r.Start.Byte:r.End.Byte])
}

// toPos converts an hclsyntax position, its column counted in characters (columns).
func (d *decoder) toPos(p hclv2.Pos) diag.Pos {
	return diag.Pos{Line: p.Line, Column: d.cols.column(p), Byte: p.Byte}
}

func (d *decoder) toRange(r hclv2.Range) diag.Range {
	return diag.Range{Filename: r.Filename, Start: d.toPos(r.Start), End: d.toPos(r.End)}
}

// rangeIn converts r, a range in src, counting its columns in runes: for one-off
// positions in a text the decoder does not hold (pipec fmt's).
func rangeIn(src []byte, r hclv2.Range) diag.Range {
	return diag.Range{
		Filename: r.Filename,
		Start:    diag.Pos{Line: r.Start.Line, Column: runeColumn(src, r.Start), Byte: r.Start.Byte},
		End:      diag.Pos{Line: r.End.Line, Column: runeColumn(src, r.End), Byte: r.End.Byte},
	}
}

// fileStart is 1:1, where file-level problems (no pipeline at all) point.
func fileStart(filename string) diag.Range {
	p := diag.Pos{Line: 1, Column: 1}
	return diag.Range{Filename: filename, Start: p, End: p}
}

// errorf reports an error at an HCL range.
func (d *decoder) errorf(r hclv2.Range, code, detail, format string, args ...any) *diag.Diagnostic {
	return d.diags.Errorf(d.toRange(r), code, detail, format, args...)
}

// firstHere adds the "first declared here" note duplicates carry.
func (d *decoder) firstHere(dd *diag.Diagnostic, first hclv2.Range) {
	dd.Related = append(dd.Related, diag.Note{Message: "first declared here", Subject: d.toRange(first)})
}
