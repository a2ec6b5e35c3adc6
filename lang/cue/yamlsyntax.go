package cue

import (
	"errors"
	"strings"

	goyaml "github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/parser"

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
