package cue

import (
	"errors"
	"slices"
	"strings"
	"unicode/utf8"

	goyaml "github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/lexer"
	"github.com/goccy/go-yaml/parser"
	yamltoken "github.com/goccy/go-yaml/token"

	"github.com/pipec-dev/pipec/compile/diag"
)

// yamlSyntaxError reports a YAML file CUE's YAML decoder refused, at the place the
// mistake is, and reports whether it could. CUE's decoder gives only a line, and that of
// the mapping or sequence around the mistake (YAML's "context mark": `a:` four lines
// above an image key indented one space short), not the mistake's own. go-yaml's parser
// names the token at fault; when it finds no error, the caller falls back to CUE's.
func (d *decoder) yamlSyntaxError(filename string, src []byte) bool {
	if len(src) > yamlRelocateMax || flowDepth(src) > yamlRelocateDepth {
		return false
	}
	_, err := parser.ParseBytes(src, 0)
	var se *goyaml.SyntaxError
	if !errors.As(err, &se) || se.Token == nil || se.Token.Position == nil {
		return false
	}
	s := d.srcs[filename]
	p := se.Token.Position
	if s == nil || p.Line < 1 || p.Line > len(s.lines) || p.Column < 1 {
		return false
	}
	at := s.pos(s.charOffset(s.lines[p.Line-1], p.Column))
	// "found character '\t' that cannot start any token": the tab itself shows as blank.
	msg := strings.ReplaceAll(lowerFirst(se.Message), "\t", `\t`)
	d.diags.Errorf(diag.Range{Filename: filename, Start: at, End: at}, "syntax", "", "%s", msg)
	return true
}

// unknownAlias is where a YAML file refers to an anchor it does not define (*imgg, for
// &img): CUE's YAML decoder says "unknown anchor 'imgg' referenced" without a line. It
// is the first alias of that name among go-yaml's tokens, which leave out comments and
// quoted text.
// It also returns the anchor the alias is probably a typo of, its own name when the
// anchor is written after it, or "".
func (d *decoder) unknownAlias(filename, msg string) (diag.Range, string, bool) {
	name, ok := strings.CutPrefix(msg, "unknown anchor '")
	name, ok2 := strings.CutSuffix(name, "' referenced")
	s := d.srcs[filename]
	if !ok || !ok2 || s == nil || len(s.src) > yamlRelocateMax {
		return diag.Range{}, "", false
	}
	tokens := lexer.Tokenize(string(s.src))
	var anchors []string
	var at diag.Range
	for i, t := range tokens[:max(len(tokens)-1, 0)] {
		next := tokens[i+1]
		if t.Type == yamltoken.AnchorType {
			anchors = append(anchors, next.Value)
		}
		if t.Type != yamltoken.AliasType || next.Value != name || t.Position == nil || next.Position == nil || !at.IsZero() {
			continue
		}
		a, b := t.Position, next.Position
		if a.Line < 1 || a.Line > len(s.lines) || b.Line != a.Line || a.Column < 1 {
			return diag.Range{}, "", false
		}
		line := s.lines[a.Line-1]
		at = diag.Range{Filename: filename, Start: s.pos(s.charOffset(line, a.Column)),
			End: s.pos(s.charOffset(line, b.Column+utf8.RuneCountInString(name)))}
	}
	if slices.Contains(anchors, name) { // written after the alias
		return at, name, !at.IsZero()
	}
	return at, diag.Suggest(name, anchors), !at.IsZero()
}

// go-yaml's parser takes time quadratic in the depth of nested flow collections (20,000
// brackets took 10 s) and about 0.5 s for 128 KiB of them; a file past these bounds
// keeps CUE's position, which is on the right line's mapping. Real specs are far below.
const (
	yamlRelocateMax   = 128 << 10
	yamlRelocateDepth = 200
)

// flowDepth is the deepest nesting of [ and { in src, counting every bracket, quoted or
// not: an upper bound, which is all the guard needs.
func flowDepth(src []byte) int {
	depth, deepest := 0, 0
	for _, c := range src {
		switch c {
		case '[', '{':
			depth++
			deepest = max(deepest, depth)
		case ']', '}':
			depth = max(depth-1, 0)
		}
	}
	return deepest
}
