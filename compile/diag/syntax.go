package diag

import (
	"path/filepath"
	"strings"
)

// Code writes hcl, a snippet of the language in HCL that a detail shows (`batches = 3`,
// `step "NAME" { run = "..." }`), in the syntax of the spec file named filename, so that
// a CUE, JSON or YAML user is not shown HCL: `step: NAME: { run: "..." }` in CUE,
// `"step": {"NAME": {"run": "..."}}` in JSON, `step: {NAME: {run: "..."}}` in YAML. A bare
// expression (`when = input.force`) is a string outside HCL and YAML. A snippet it cannot
// read is returned as written.
func Code(filename, hcl string) string {
	syn := syntaxOf(filename)
	if syn == synHCL {
		return hcl
	}
	p := &snippet{toks: tokens(hcl)}
	items, ok := p.items()
	if !ok || p.i != len(p.toks) {
		return hcl
	}
	var b strings.Builder
	writeItems(&b, syn, items, " ")
	return b.String()
}

type syntax int

const (
	synHCL syntax = iota
	synCUE
	synJSON
	synYAML
)

// syntaxOf tells a spec's syntax by its file's extension, as the command line chooses
// the front end; a name without one (standard input) is HCL's.
func syntaxOf(filename string) syntax {
	switch strings.ToLower(filepath.Ext(filename)) {
	case ".cue":
		return synCUE
	case ".json":
		return synJSON
	case ".yaml", ".yml":
		return synYAML
	}
	return synHCL
}

// item is `key = value`, `key "label" { body }` or a bare word (`...`).
type item struct {
	key    string
	labels []string
	val    *value // nil for a block or a bare word
	body   []item
	block  bool
}

// value is a scalar token, a list, or a map (body).
type value struct {
	tok   string
	list  []*value
	body  []item
	kind  byte // 's' scalar, 'l' list, 'm' map
	isRef bool // a bare expression, not a literal
}

type snippet struct {
	toks []string
	i    int
}

// tokens splits an HCL snippet into strings (quotes kept), punctuation and words.
func tokens(s string) []string {
	var out []string
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n':
			i++
		case c == '"':
			j := i + 1
			for j < len(s) && s[j] != '"' {
				if s[j] == '\\' {
					j++
				}
				j++
			}
			j = min(j+1, len(s))
			out = append(out, s[i:j])
			i = j
		case strings.IndexByte("{}[]=,", c) >= 0:
			out = append(out, s[i:i+1])
			i++
		default:
			j := i
			for j < len(s) && strings.IndexByte(" \t\n\"{}[]=,", s[j]) < 0 {
				j++
			}
			out = append(out, s[i:j])
			i = j
		}
	}
	return out
}

func (p *snippet) peek() string {
	if p.i < len(p.toks) {
		return p.toks[p.i]
	}
	return ""
}

func (p *snippet) next() string { t := p.peek(); p.i++; return t }

// items reads items up to a closing brace or the end.
func (p *snippet) items() ([]item, bool) {
	var out []item
	for p.peek() != "" && p.peek() != "}" {
		if p.peek() == "," {
			p.i++
			continue
		}
		key := p.next()
		if strings.ContainsAny(key[:1], `"{}[]=,`) {
			return nil, false
		}
		it := item{key: key}
		switch {
		case p.peek() == "=":
			p.i++
			v, ok := p.value()
			if !ok {
				return nil, false
			}
			it.val = v
		case strings.HasPrefix(p.peek(), `"`) || p.peek() == "{":
			for strings.HasPrefix(p.peek(), `"`) {
				it.labels = append(it.labels, p.next())
			}
			if p.next() != "{" {
				return nil, false
			}
			body, ok := p.items()
			if !ok || p.next() != "}" {
				return nil, false
			}
			it.body, it.block = body, true
		}
		out = append(out, it)
	}
	return out, true
}

func (p *snippet) value() (*value, bool) {
	switch t := p.next(); t {
	case "[":
		v := &value{kind: 'l'}
		for p.peek() != "]" {
			if p.peek() == "" {
				return nil, false
			}
			if p.peek() == "," {
				p.i++
				continue
			}
			e, ok := p.value()
			if !ok {
				return nil, false
			}
			v.list = append(v.list, e)
		}
		p.i++
		return v, true
	case "{":
		body, ok := p.items()
		if !ok || p.next() != "}" {
			return nil, false
		}
		return &value{kind: 'm', body: body}, true
	case "", "]", "}", "=", ",":
		return nil, false
	default:
		lit := strings.HasPrefix(t, `"`) || t == "true" || t == "false" || t == "..." || (t[0] >= '0' && t[0] <= '9')
		return &value{kind: 's', tok: t, isRef: !lit}, true
	}
}

// writeItems writes items separated by sep.
func writeItems(b *strings.Builder, syn syntax, items []item, sep string) {
	for i, it := range items {
		if i > 0 {
			b.WriteString("," + sep)
		}
		writeItem(b, syn, it)
	}
}

func writeItem(b *strings.Builder, syn syntax, it item) {
	if it.val == nil && !it.block {
		b.WriteString(it.key) // a bare word: `...`
		return
	}
	keys := append([]string{it.key}, it.labels...)
	// CUE writes a label as a key of its own (step: NAME: {...}); JSON and YAML nest a
	// map per label.
	opened := 0
	for i, k := range keys {
		writeKey(b, syn, k)
		b.WriteString(": ")
		if i < len(keys)-1 && syn != synCUE {
			b.WriteString("{")
			opened++
		}
	}
	if it.block {
		writeBody(b, syn, it.body)
	} else {
		writeValue(b, syn, it.val)
	}
	b.WriteString(strings.Repeat("}", opened))
}

func writeBody(b *strings.Builder, syn syntax, body []item) {
	if len(body) == 0 {
		b.WriteString("{}")
		return
	}
	if syn == synCUE {
		b.WriteString("{ ")
		writeItems(b, syn, body, " ")
		b.WriteString(" }")
		return
	}
	b.WriteString("{")
	writeItems(b, syn, body, " ")
	b.WriteString("}")
}

// writeKey writes a key or a label: unquoted where the syntax allows it.
func writeKey(b *strings.Builder, syn syntax, k string) {
	bare := strings.Trim(k, `"`)
	if syn == synJSON {
		b.WriteString(`"` + bare + `"`)
		return
	}
	if isIdent(bare) {
		b.WriteString(bare)
		return
	}
	b.WriteString(`"` + bare + `"`)
}

func isIdent(s string) bool {
	for i, c := range s {
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9') {
			return false
		}
	}
	return s != ""
}

func writeValue(b *strings.Builder, syn syntax, v *value) {
	switch v.kind {
	case 'l':
		b.WriteString("[")
		for i, e := range v.list {
			if i > 0 {
				b.WriteString(", ")
			}
			writeValue(b, syn, e)
		}
		b.WriteString("]")
	case 'm':
		writeBody(b, syn, v.body)
	default:
		if v.isRef && syn != synYAML {
			b.WriteString(`"` + strings.ReplaceAll(v.tok, `"`, `\"`) + `"`)
			return
		}
		b.WriteString(v.tok)
	}
}
