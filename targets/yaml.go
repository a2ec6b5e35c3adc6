package targets

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/goccy/go-yaml"

	"github.com/pipec-dev/pipec/compile"
	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/model"
)

// Map is an ordered YAML mapping. Build output only from Map, []any and scalars: ranging
// over a Go map would make output depend on hash order.
type Map = yaml.MapSlice

// Item is one key of a Map.
type Item = yaml.MapItem

// Set appends key: value to m, or replaces the value when key is present.
func Set(m *Map, key string, value any) {
	for i := range *m {
		if (*m)[i].Key == key {
			(*m)[i].Value = value
			return
		}
	}
	*m = append(*m, Item{Key: key, Value: value})
}

// Merge sets key to value in m as a native block asks: when both the value m holds and
// value are mappings, value's keys are merged into it, recursively, each replacing the
// one of its name; any other value replaces the old one. A native `env`, `variables` or
// `permissions` adds to what pipec wrote (a GitHub job's id-token permission for its
// cloud identity, say) instead of silently dropping it.
//
// It returns the keys where value replaced a non-empty list or mapping m held whole.
func Merge(m *Map, key string, value any) (replaced []Replaced) {
	old, _ := Get(*m, key)
	add, ok := value.(Map)
	have, isMap := old.(Map)
	if !ok || !isMap {
		switch old := old.(type) {
		case []any:
			if len(old) > 0 {
				replaced = append(replaced, Replaced{Key: key, Was: "list"})
			}
		case Map:
			if len(old) > 0 {
				replaced = append(replaced, Replaced{Key: key, Was: "mapping"})
			}
		}
		Set(m, key, value)
		return replaced
	}
	merged := append(Map(nil), have...)
	for _, it := range add {
		if k, ok := it.Key.(string); ok {
			for _, r := range Merge(&merged, k, it.Value) {
				r.Key = key + "." + r.Key
				replaced = append(replaced, r)
			}
		} else {
			merged = append(merged, it)
		}
	}
	Set(m, key, merged)
	return replaced
}

// Replaced is a key, dotted from the native key, whose value pipec wrote a native value
// replaced whole: Was is "list" or "mapping".
type Replaced struct{ Key, Was string }

// MergeNative merges each entry of the native block n of stage into m, as Merge does, those keep
// allows (every one when keep is nil), and warns at each entry that replaces a list
// (native-replaces-list) or, with a list or a scalar, a mapping (native-replaces-mapping)
// pipec wrote: pipec merges mappings key by key, but any other value goes whole, with
// what pipec put in it (a checkout, the spec's steps, the id-token permission a cloud
// identity needs, the stage's env), which the user rarely means and never sees.
func MergeNative(m *Map, n *model.Native, stage, target string, keep func(key string) bool) diag.Diagnostics {
	var ds diag.Diagnostics
	for _, ent := range n.Body.Map {
		if keep != nil && !keep(ent.Key) {
			continue
		}
		if !checkNativeShape(&ds, ent, target) {
			continue
		}
		for _, r := range Merge(m, ent.Key, Raw(ent.Value)) {
			// Each code is written out at its call: targets/all's list of codes is read
			// from the calls.
			if r.Was == "mapping" {
				ds.Warnf(ent.KeyRange, "native-replaces-mapping", fmt.Sprintf("pipec merges a native mapping into the %s mapping it wrote key by key, but a value of another shape replaces it whole, with every key pipec put in it; write a mapping of the keys to add or change, or keep the native key to replace the mapping on purpose", r.Key),
					"native %q replaces the %s pipec wrote for stage %q", n.Target, r.Key, stage).Target = target
				continue
			}
			ds.Warnf(ent.KeyRange, "native-replaces-list", fmt.Sprintf("pipec merges a native mapping into its own key by key, but a list replaces the whole %s list pipec wrote, with everything in it; say what to add in the spec instead, or keep the native key to replace the list on purpose", r.Key),
				"native %q replaces the %s pipec wrote for stage %q", n.Target, r.Key, stage).Target = target
		}
	}
	return ds
}

// Keyed builds a Map with many keys, such as one key per job: Set on a plain Map looks
// through every key, which made a file of n jobs cost n² comparisons.
type Keyed struct {
	m  Map
	at map[string]int
}

// Set appends key: value, or replaces the value when key is present, as Set does.
func (k *Keyed) Set(key string, value any) {
	if i, ok := k.at[key]; ok {
		k.m[i].Value = value
		return
	}
	if k.at == nil {
		k.at = map[string]int{}
	}
	k.at[key] = len(k.m)
	k.m = append(k.m, Item{Key: key, Value: value})
}

// Map returns the keys set so far, in the order they were first set.
func (k *Keyed) Map() Map { return k.m }

// Get returns the value of key in m.
func Get(m Map, key string) (any, bool) {
	for _, it := range m {
		if it.Key == key {
			return it.Value, true
		}
	}
	return nil, false
}

// HeaderMarker starts the first line of every file pipec generates. pipec generate
// overwrites an existing file only when its first line starts with it (or with --force);
// the headers of earlier versions ("# generated by pipec, do not edit") start with it too.
const HeaderMarker = "# generated by pipec"

// IsGenerated reports whether data is a file pipec generated: its first line starts with
// HeaderMarker.
func IsGenerated(data []byte) bool {
	return bytes.HasPrefix(data, []byte(HeaderMarker))
}

// GeneratedFrom is the spec a generated file's first line names, as Header wrote it
// (pipeline.hcl, relative to the output directory), or "" when data is not a file pipec
// generated from a named spec. Two files with the same GeneratedFrom under one output
// directory come from one spec, whatever its digest was when each was written.
func GeneratedFrom(data []byte) string {
	line, _, _ := bytes.Cut(data, []byte("\n"))
	rest, ok := strings.CutPrefix(string(line), HeaderMarker+" from ")
	if !ok {
		return ""
	}
	if i := strings.LastIndex(rest, " (sha256:"); i >= 0 {
		return rest[:i]
	}
	return strings.TrimSuffix(rest, "; do not edit")
}

// Header is the first lines of every generated file: the do-not-edit line naming the spec
// and its digest, then the pipeline's description as comments:
//
//	# generated by pipec from pipeline.hcl (sha256:0123456789abcdef); do not edit
func Header(p *compile.Plan) string {
	h := HeaderMarker
	if p.Source != "" {
		h += " from " + headerPath(p.Source)
	}
	if p.Digest != "" {
		h += " (" + p.Digest + ")"
	}
	h += "; do not edit\n"
	// A description ends without a blank comment line (an HCL heredoc's text ends in a
	// line break, a CUE string's need not: both give the same header), and a blank line
	// within it is "#" with no trailing blank.
	if d := strings.TrimRight(commentText(p.Pipeline.Description), "\n"); d != "" {
		for _, line := range strings.Split(d, "\n") {
			if line == "" {
				h += "#\n"
			} else {
				h += "# " + line + "\n"
			}
		}
	}
	return h
}

// commentText makes s safe to write in comments, one line per line: every character
// YAML reads as a line break becomes "\n" (YAML 1.2 breaks lines at \r too, YAML 1.1
// loaders such as GitLab's and CircleCI's also at U+0085, U+2028 and U+2029, and a
// comment ends at the break, so the rest was read as YAML), and what a YAML file may not
// hold at all (control characters, invalid UTF-8, a byte order mark) becomes U+FFFD.
func commentText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\r' || r == 0x85 || r == 0x2028 || r == 0x2029:
			b.WriteByte('\n')
		case r < 0x20 && r != '\n' && r != '\t', r == 0x7f, r >= 0x80 && r < 0xa0, r == 0xfeff, r == 0xfffe, r == 0xffff:
			b.WriteRune(utf8.RuneError)
		default:
			b.WriteRune(r) // an invalid byte comes as utf8.RuneError, written as U+FFFD
		}
	}
	return b.String()
}

// headerPath is a path as a comment can hold it: one that would end the comment line
// (a line break, for YAML also U+0085, U+2028 and U+2029) or holds other control
// characters or invalid UTF-8 is written quoted, with Go's escapes.
func headerPath(p string) string {
	if !utf8.ValidString(p) || strings.ContainsFunc(p, func(r rune) bool {
		return r < 0x20 || r == 0x7f || r == 0x85 || r == 0x2028 || r == 0x2029
	}) {
		return strconv.QuoteToASCII(p)
	}
	return p
}

// Encode renders doc as YAML after the header. Multi-line strings become literal blocks,
// sequences are indented under their key, and indentation is two spaces. The layout is
// go-yaml's: encodeFast writes it directly, and go-yaml itself encodes the rare
// document encodeFast leaves to it.
func Encode(header string, doc Map) ([]byte, error) {
	out, _, err := EncodeCommented(header, doc, nil)
	return out, err
}

// Comments gives the comment that follows a one-line key: value pair on its line, or "".
type Comments func(key, value string) string

// EncodeCommented is Encode, with the comments that comments gives written after their
// values. go-yaml writes no comments: commented is false when go-yaml encoded the
// document, which then has none, and the caller adds them to the text its own way.
func EncodeCommented(header string, doc Map, comments Comments) (out []byte, commented bool, err error) {
	out, err = encodeFast(header, doc, comments)
	commented = true
	if errors.Is(err, errSlowPath) {
		if onSlowPath != nil {
			onSlowPath()
		}
		var body []byte
		body, err = encodeGoYAML(doc)
		out = append([]byte(header), body...)
		commented = comments == nil
	}
	if err != nil {
		return nil, false, err
	}
	if !bytes.HasSuffix(out, []byte("\n")) {
		out = append(out, '\n')
	}
	return out, commented, nil
}

// onSlowPath, when set by a test, is called for each document go-yaml encodes.
var onSlowPath func()

// encodeGoYAML is Encode's body through go-yaml.
func encodeGoYAML(doc Map) ([]byte, error) {
	keys := &placeholders{doc: doc}
	out, err := yaml.MarshalWithOptions(quoteAmbiguous(doc, keys),
		yaml.Indent(2),
		yaml.IndentSequence(true),
		yaml.UseLiteralStyleIfMultiline(true),
	)
	for i, q := range keys.quoted {
		out = bytes.ReplaceAll(out, []byte(keys.name(i)+":"), []byte(q+":"))
	}
	return out, err
}

// lineBreakKey reports a key that must be double-quoted to stay on one line: go-yaml
// would write it as a literal block, which YAML does not allow as an implicit key (a
// GitLab rollback job is named after a matrix cell's values, which may hold one).
func lineBreakKey(k string) bool { return strings.ContainsAny(k, "\n\r") }

// quoteKey writes a key double-quoted, its line breaks as escapes.
func quoteKey(k string) string { return strconv.Quote(strings.ToValidUTF8(k, "\uFFFD")) }

// placeholders stands in for keys go-yaml would write plain: plain words that no string
// of the document holds, so that each one in go-yaml's text is a key put there.
type placeholders struct {
	doc    Map
	prefix string
	quoted []string // the key each placeholder stands for, as it is to be written
}

// add returns the placeholder for a key written as quoted.
func (p *placeholders) add(quoted string) string {
	if p.prefix == "" {
		p.prefix = "pipec-key-"
		for holds(p.doc, p.prefix) {
			p.prefix += "x"
		}
	}
	p.quoted = append(p.quoted, quoted)
	return p.name(len(p.quoted) - 1)
}

func (p *placeholders) name(i int) string { return p.prefix + strconv.Itoa(i) }

// holds reports whether a string of v, key or value, contains s.
func holds(v any, s string) bool {
	switch x := v.(type) {
	case Map:
		for _, it := range x {
			if k, ok := it.Key.(string); (ok && strings.Contains(k, s)) || holds(it.Value, s) {
				return true
			}
		}
	case []any:
		for _, e := range x {
			if holds(e, s) {
				return true
			}
		}
	case []string:
		for _, e := range x {
			if strings.Contains(e, s) {
				return true
			}
		}
	case string:
		return strings.Contains(x, s)
	}
	return false
}

// EnvName turns a spec name into an environment variable name: upper case, with every
// character outside [A-Z0-9_] replaced by '_', and a leading '_' before a digit.
func EnvName(s string) string {
	if !asciiName(s) {
		return envNameUnicode(s)
	}
	var b strings.Builder
	b.Grow(len(s) + 1)
	writeEnvName(&b, s)
	return b.String()
}

// asciiName reports whether s is non-empty and ASCII: EnvName's one-pass case. The
// back ends name every job's and step's variables with it, so it runs for most of
// what they write.
func asciiName(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return s != ""
}

// writeEnvName writes EnvName(s) for an s that asciiName accepts.
func writeEnvName(b *strings.Builder, s string) {
	if s[0] >= '0' && s[0] <= '9' {
		b.WriteByte('_')
	}
	writeUpper(b, s)
}

// writeUpper writes ASCII s with lower-case letters made upper case and every byte
// outside [A-Z0-9_] made '_'.
func writeUpper(b *strings.Builder, s string) {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 'a' && c <= 'z':
			b.WriteByte(c - 'a' + 'A')
		case (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_':
			b.WriteByte(c)
		default:
			b.WriteByte('_')
		}
	}
}

// envNameUnicode is EnvName rune by rune, for the empty string and for strings with
// non-ASCII runes, which strings.ToUpper may map into A-Z ('ı' to 'I', 'ſ' to 'S'). It
// gives the same name for any string; the tests hold the ASCII path to it.
func envNameUnicode(s string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		if (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') || r == '_' {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	out := b.String()
	if out == "" || (out[0] >= '0' && out[0] <= '9') {
		out = "_" + out
	}
	return out
}

// quoted is a string that must be written in double quotes.
type quoted string

// MarshalYAML writes the string double-quoted, with Go's escapes, which YAML reads the
// same way. YAML has no way to write invalid UTF-8: such bytes become U+FFFD.
func (q quoted) MarshalYAML() ([]byte, error) {
	return []byte(strconv.Quote(strings.ToValidUTF8(string(q), "\uFFFD"))), nil
}

// quoteAmbiguous returns v with every string value a YAML 1.1 loader would retype
// quoted. go-yaml writes keys itself and quotes only what YAML 1.2 would retype, so a
// key YAML 1.1 would retype (a pipeline named 1e3 names CircleCI's workflow) is replaced
// by a placeholder, which keys records with the key's quoted text for unplaceholder.
func quoteAmbiguous(v any, keys *placeholders) any {
	switch x := v.(type) {
	case Map:
		out := make(Map, len(x))
		for i, it := range x {
			key := it.Key
			if k, ok := key.(string); ok && lineBreakKey(k) {
				key = keys.add(quoteKey(k))
			} else if ok && yaml11Ambiguous(k) {
				key = keys.add(strconv.Quote(k))
			}
			out[i] = Item{Key: key, Value: quoteAmbiguous(it.Value, keys)}
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = quoteAmbiguous(e, keys)
		}
		return out
	case string:
		if yaml11Ambiguous(x) || !blockSafe(x) || !plainSafe(x) {
			return quoted(x)
		}
	}
	return v
}

// plainSafe reports whether go-yaml, which quotes most strings YAML would misread,
// writes s correctly: it writes "? x" plainly (YAML reads an explicit key), and in a
// one-line string a tab at either end or next to an indicator is separation to YAML, not
// text (a value "\tx" came back as "x"), so one-line strings with a tab are quoted.
// (A multi-line string is a literal block, which keeps its tabs: blockSafe.)
func plainSafe(s string) bool {
	if s == "?" || strings.HasPrefix(s, "? ") || strings.HasPrefix(s, "?\t") {
		return false
	}
	return strings.Contains(s, "\n") || !strings.Contains(s, "\t")
}

// blockSafe reports whether the encoder may write s plainly or as a literal block. A
// block takes its indentation from its first non-empty line, so one that starts with
// a space or tab needs an indentation indicator the encoder does not write; control
// characters and invalid UTF-8 need escapes. Such strings are double-quoted instead.
func blockSafe(s string) bool {
	// ASCII strings, nearly all of them, are decided in one pass over the bytes without
	// splitting into lines; the rest take the general path below.
	multiLine := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= utf8.RuneSelf:
			return blockSafeUnicode(s)
		case (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f:
			return false
		case c == '\n':
			multiLine = true
		}
	}
	if !multiLine {
		return true
	}
	// The first line that is not blank (only spaces and tabs: other ASCII white space is
	// a control character, refused above) decides.
	for rest := s; ; {
		line, after, more := strings.Cut(rest, "\n")
		if strings.Trim(line, " \t") != "" {
			return line[0] != ' ' && line[0] != '\t'
		}
		if !more {
			return true
		}
		rest = after
	}
}

// blockSafeUnicode is blockSafe for strings with non-ASCII runes.
func blockSafeUnicode(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if (r < 0x20 && r != '\n' && r != '\t') || r == 0x7f || r == 0x85 || r == 0x2028 || r == 0x2029 || r == 0xfeff {
			return false
		}
	}
	if strings.Contains(s, "\n") {
		for _, line := range strings.Split(s, "\n") {
			if strings.TrimSpace(line) == "" {
				continue
			}
			return line[0] != ' ' && line[0] != '\t'
		}
	}
	return true
}
