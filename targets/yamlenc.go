package targets

import (
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/goccy/go-yaml/token"
)

// The back ends' documents are built from a few shapes only (Map, []any, strings,
// quoted, RawNumber, bool, integers, nil), and go-yaml's general encoder spends most of
// `pipec generate` on them: reflection, an AST of tokens, a time.Parse per string to
// see if it looks like a timestamp, and fmt.Sprintf while printing the tree. encodeFast
// writes the same bytes go-yaml writes for those shapes straight into one buffer; the
// differential tests in yamlenc_test.go hold it to go-yaml's output on random documents.
// Anything outside the shapes it knows, or a string whose literal block go-yaml would
// print in one of its own peculiar ways, returns errSlowPath and Encode asks go-yaml.

// errSlowPath says the document holds something encodeFast does not write the way
// go-yaml does; Encode then uses go-yaml.
var errSlowPath = errors.New("targets: document needs go-yaml's encoder")

// encodeFast writes header, then doc as Encode's go-yaml options would: two-space
// indentation, sequences indented under their key, literal blocks for multi-line
// strings.
func encodeFast(header string, doc Map, comments Comments) ([]byte, error) {
	e := &fastEncoder{comments: comments}
	e.b.WriteString(header)
	if len(doc) == 0 {
		e.b.WriteString("{}")
	} else if err := e.mapping(doc, 0, false); err != nil {
		e.b.Reset()
		return nil, err
	}
	e.b.WriteByte('\n')
	return e.b.Bytes(), nil
}

type fastEncoder struct {
	b outBuf
	// numberLike caches go-yaml's verdict on strings that start like a number: its check
	// parses them as numbers and timestamps, and such strings (versions, matrix values,
	// crons) repeat from job to job.
	numberLike map[string]bool
	// comments, when set, gives a comment to write after a key's one-line string value.
	comments Comments
}

// needsQuote is goyamlNeedsQuote, with number-like strings looked up in the cache.
func (e *fastEncoder) needsQuote(s string) bool {
	if s == "" || !startsNumberLike(s) {
		return goyamlNeedsQuote(s)
	}
	q, ok := e.numberLike[s]
	if !ok {
		q = token.IsNeedQuoted(s)
		if e.numberLike == nil {
			e.numberLike = map[string]bool{}
		}
		e.numberLike[s] = q
	}
	return q
}

// startsNumberLike reports whether go-yaml's number or timestamp check could hold for s.
func startsNumberLike(s string) bool {
	c := s[0]
	return c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'
}

// spaces is indentation to slice from: one write per line instead of one per column.
const spaces = "                                                                "

func (e *fastEncoder) indent(n int) {
	for ; n > len(spaces); n -= len(spaces) {
		e.b.WriteString(spaces)
	}
	e.b.WriteString(spaces[:n])
}

// mapping writes a non-empty mapping with its keys at column ind. inline means the first
// key continues a line already started ("- " of a sequence item).
func (e *fastEncoder) mapping(m Map, ind int, inline bool) error {
	for i, it := range m {
		if i > 0 {
			e.b.WriteByte('\n')
		}
		if i > 0 || !inline {
			e.indent(ind)
		}
		key, ok := it.Key.(string)
		if !ok {
			return errSlowPath // go-yaml writes a non-string key its way
		}
		if quote, ok := quoteKeyLine(key); !ok {
			e.keyGeneral(key)
		} else if quote {
			e.b.WriteString(strconv.Quote(key))
		} else {
			e.b.WriteString(key)
		}
		e.b.WriteByte(':')
		switch v := it.Value.(type) {
		case Map:
			if len(v) == 0 {
				e.b.WriteString(" {}")
				continue
			}
			e.b.WriteByte('\n')
			if err := e.mapping(v, ind+2, false); err != nil {
				return err
			}
		case []any:
			if len(v) == 0 {
				e.b.WriteString(" []")
				continue
			}
			e.b.WriteByte('\n')
			if err := e.sequence(v, ind+2, false); err != nil {
				return err
			}
		default:
			e.b.WriteByte(' ')
			if err := e.scalar(v, ind+2, false); err != nil {
				return err
			}
			if s, ok := v.(string); ok && e.comments != nil && strings.IndexByte(s, '\n') < 0 {
				if c := e.comments(key, s); c != "" && !strings.ContainsAny(c, "\r\n") {
					e.b.WriteString(" # ")
					e.b.WriteString(c)
				}
			}
		}
	}
	return nil
}

// sequence writes a non-empty sequence with its dashes at column ind; inline as for
// mapping.
func (e *fastEncoder) sequence(s []any, ind int, inline bool) error {
	for i, item := range s {
		if i > 0 {
			e.b.WriteByte('\n')
		}
		if i > 0 || !inline {
			e.indent(ind)
		}
		e.b.WriteString("- ")
		switch v := item.(type) {
		case Map:
			if len(v) == 0 {
				e.b.WriteString("{}")
				continue
			}
			if err := e.mapping(v, ind+2, true); err != nil {
				return err
			}
		case []any:
			if len(v) == 0 {
				e.b.WriteString("[]")
				continue
			}
			if err := e.sequence(v, ind+2, true); err != nil {
				return err
			}
		default:
			if err := e.scalar(v, ind+2, true); err != nil {
				return err
			}
		}
	}
	return nil
}

// scalar writes a scalar value; a multi-line string becomes a literal block whose lines
// are indented by block spaces. inSeq says the value is itself a sequence item, where
// go-yaml leaves a block's blank lines empty (under a key it indents them).
func (e *fastEncoder) scalar(v any, block int, inSeq bool) error {
	switch x := v.(type) {
	case nil:
		e.b.WriteString("null")
	case string:
		return e.str(x, block, inSeq)
	case quoted:
		e.b.WriteString(strconv.Quote(strings.ToValidUTF8(string(x), "\uFFFD")))
	case RawNumber:
		if !plainDecimal(string(x)) {
			return errSlowPath
		}
		e.b.WriteString(string(x))
	case bool:
		e.b.WriteString(strconv.FormatBool(x))
	case int:
		e.b.WriteString(strconv.Itoa(x))
	case int64:
		e.b.WriteString(strconv.FormatInt(x, 10))
	case int32:
		e.b.WriteString(strconv.FormatInt(int64(x), 10))
	case uint64:
		e.b.WriteString(strconv.FormatUint(x, 10))
	default:
		return errSlowPath
	}
	return nil
}

// str writes a string value as Encode's quoteAmbiguous and go-yaml together would.
func (e *fastEncoder) str(s string, block int, inSeq bool) error {
	if quote, ok := quoteLine(s); ok {
		if quote {
			e.b.WriteString(strconv.Quote(s))
		} else {
			e.b.WriteString(s)
		}
		return nil
	}
	return e.strGeneral(s, block, inSeq)
}

// quoteLine decides, in one pass, how str writes a one-line ASCII string that does not
// start like a number: quoted or plain. ok is false for every other string, which takes
// strGeneral. For these strings strGeneral's five checks (yaml11Ambiguous, blockSafe,
// plainSafe, a line break, goyamlNeedsQuote) come down to the tests below, and it
// writes both kinds of quoted string the same way (strconv.Quote; ToValidUTF8 leaves
// ASCII alone). They read most strings of a document several times: TestQuoteLine holds
// this to strGeneral.
func quoteLine(s string) (quote, ok bool) { return quoteASCII(s, &lineBytes, true) }

// quoteASCII is quoteLine and quoteKeyLine: bytes sorts the bytes (lineBytes, keyBytes),
// and question quotes a leading "?" alone or before a space, as go-yaml does for a value
// but not for a key.
func quoteASCII(s string, bytes *[256]uint8, question bool) (quote, ok bool) {
	if s == "" || startsNumberLike(s) {
		return false, false
	}
	switch c := s[0]; c {
	case '*', '&', '[', '{', '}', ']', ',', '!', '|', '>', '%', '\'', '"', '@', ' ', '`':
		quote = true
	case '?':
		quote = question && (len(s) == 1 || s[1] == ' ') // "?\t" has a tab: quoted below
	}
	switch s[len(s)-1] {
	case ':', ' ':
		quote = true
	}
	for i := 0; i < len(s); i++ {
		switch bytes[s[i]] {
		case 0:
		case lineOther:
			return false, false
		case lineQuote:
			quote = true
		case lineBeforeSpace:
			if i+1 < len(s) && s[i+1] == ' ' {
				quote = true
			}
		}
	}
	if !quote && len(s) <= 5 && (goyamlKeywords[s] || s == "=" || s == "<<") {
		quote = true // "=" and "<<": yaml11Ambiguous
	}
	return quote, true
}

// lineBytes sorts bytes for quoteLine; most are 0, text that decides nothing.
var lineBytes = func() (t [256]uint8) {
	for c := range 256 {
		switch {
		case c >= utf8.RuneSelf || c == '\n':
			t[c] = lineOther // not a one-line ASCII string
		case c < 0x20 || c == 0x7f || c == '#' || c == '\\':
			// Control characters (a tab too, in one line) and go-yaml's comment and
			// escape characters.
			t[c] = lineQuote
		case c == ':' || c == '-':
			t[c] = lineBeforeSpace // quoted when a space follows
		}
	}
	return t
}()

const (
	lineOther = 1 + iota
	lineQuote
	lineBeforeSpace
)

// keyGeneral writes any string key: quoted with its line breaks escaped, quoted where
// go-yaml or a YAML 1.1 loader would read it as something else, plain otherwise.
func (e *fastEncoder) keyGeneral(key string) {
	if lineBreakKey(key) {
		e.b.WriteString(quoteKey(key))
	} else if e.needsQuote(key) || yaml11Ambiguous(key) {
		e.b.WriteString(strconv.Quote(key))
	} else {
		e.b.WriteString(key)
	}
}

// quoteKeyLine decides, in one pass, how mapping writes a key of printable ASCII that
// does not start like a number: quoted or plain. ok is false for every other key, which
// takes keyGeneral. For these keys keyGeneral's three checks (a line break,
// goyamlNeedsQuote, yaml11Ambiguous, whose only such strings are "=" and "<<") come
// down to quoteASCII's tests; they read every key of a document three times and cost more
// than the rest of writing it. TestQuoteKeyLine holds this to keyGeneral.
func quoteKeyLine(s string) (quote, ok bool) { return quoteASCII(s, &keyBytes, false) }

// keyBytes sorts bytes for quoteKeyLine as lineBytes does for quoteLine; control
// characters (line breaks, tabs) and non-ASCII bytes leave the key to keyGeneral.
var keyBytes = func() (t [256]uint8) {
	for c := range 256 {
		switch {
		case c < 0x20 || c >= 0x7f:
			t[c] = lineOther
		case c == '#' || c == '\\':
			t[c] = lineQuote
		case c == ':' || c == '-':
			t[c] = lineBeforeSpace
		}
	}
	return t
}()

// strGeneral is str for any string.
func (e *fastEncoder) strGeneral(s string, block int, inSeq bool) error {
	if yaml11Ambiguous(s) || !blockSafe(s) || !plainSafe(s) {
		e.b.WriteString(strconv.Quote(strings.ToValidUTF8(s, "\uFFFD")))
		return nil
	}
	if !strings.Contains(s, "\n") {
		if e.needsQuote(s) {
			e.b.WriteString(strconv.Quote(s))
		} else {
			e.b.WriteString(s)
		}
		return nil
	}
	// A literal block. go-yaml indents every line, then trims one trailing newline and
	// its indentation, then the indentation once more: on a last line that ends in
	// spaces that trim eats some of the value's own spaces, by an amount that depends on
	// go-yaml's internal columns, so such strings go the slow way.
	body := strings.TrimSuffix(s, "\n")
	if last := body[strings.LastIndexByte(body, '\n')+1:]; last != "" && last[len(last)-1] == ' ' {
		return errSlowPath
	}
	switch {
	case strings.HasSuffix(s, "\n\n"):
		e.b.WriteString("|+")
	case strings.HasSuffix(s, "\n"):
		e.b.WriteString("|")
	default:
		e.b.WriteString("|-")
	}
	for rest, more := body, true; more; {
		var line string
		line, rest, more = strings.Cut(rest, "\n")
		e.b.WriteByte('\n')
		// The last line of a "|+" block is the empty line before the final newline,
		// which go-yaml's second trim leaves without indentation.
		if line == "" && (inSeq || (!more && strings.HasSuffix(s, "\n"))) {
			continue
		}
		e.indent(block)
		e.b.WriteString(line)
	}
	return nil
}

// plainDecimal reports whether a RawNumber is an optionally signed decimal with an
// optional fraction and exponent: the spellings the front ends produce, which go-yaml
// prints unchanged.
func plainDecimal(s string) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	digits := func() bool {
		j := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		return i > j
	}
	if !digits() {
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if !digits() {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if !digits() {
			return false
		}
	}
	return i == len(s)
}

// goyamlNeedsQuote is go-yaml's token.IsNeedQuoted. That function tries time.Parse
// with five layouts on every string, and go-yaml's number check allocates an error for
// every string that is not a number; both can only succeed on a string starting with a
// digit, a sign or a dot, so only those go to it, and the rest take its cheap rules,
// copied here.
func goyamlNeedsQuote(s string) bool {
	if s == "" {
		return true
	}
	if startsNumberLike(s) {
		return token.IsNeedQuoted(s)
	}
	switch c := s[0]; {
	case c == '*', c == '&', c == '[', c == '{', c == '}', c == ']', c == ',', c == '!', c == '|',
		c == '>', c == '%', c == '\'', c == '"', c == '@', c == ' ', c == '`':
		return true
	}
	if len(s) <= 5 && goyamlKeywords[s] { // the longest is "false": most strings skip the hash
		return true
	}
	switch s[len(s)-1] {
	case ':', ' ':
		return true
	}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '#', '\\':
			return true
		case ':', '-':
			if i+1 < len(s) && s[i+1] == ' ' {
				return true
			}
		}
	}
	return false
}

// goyamlKeywords are the words go-yaml quotes when it encodes (YAML 1.2's null and
// booleans, and YAML 1.1's yes/no/on/off), less those starting with a dot or a sign,
// which go to token.IsNeedQuoted.
var goyamlKeywords = map[string]bool{
	"null": true, "Null": true, "NULL": true, "~": true,
	"true": true, "True": true, "TRUE": true, "false": true, "False": true, "FALSE": true,
	"y": true, "Y": true, "yes": true, "Yes": true, "YES": true,
	"n": true, "N": true, "no": true, "No": true, "NO": true,
	"on": true, "On": true, "ON": true, "off": true, "Off": true, "OFF": true,
}

// yaml11Ambiguous reports whether a YAML 1.1 loader (GitLab's and CircleCI's Ruby Psych)
// reads s as a number or a special float although YAML 1.2 reads a string: base-60
// integers (12:30:00), digits with commas (1,000), exponents without a dot (1e3),
// .inf and .nan; or as one of YAML 1.1's other types, which loaders that implement them
// (SnakeYAML, PyYAML) cannot turn into a string: a plain "<<" is a merge and "=" a value
// even where no key is expected, and they refuse the document. It matches the regular
// expression
//
//	^( = | << | [-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?
//	 | [-+]?(0|[1-9][0-9_,]*)
//	 | [-+]?([0-9][0-9_,]*\.[0-9_]*|\.[0-9][0-9_]*)([eE][-+]?[0-9]+)?
//	 | [-+]?[0-9][0-9_,]*[eE][-+]?[0-9]+
//	 | [-+]?\.(inf|Inf|INF) | \.(nan|NaN|NAN) )$
//
// (kept as the test's oracle), written out by hand: compiling it cost every run of
// pipec as much as the rest of its start-up, and matching it as much as encoding.
func yaml11Ambiguous(s string) bool {
	switch s {
	case ".nan", ".NaN", ".NAN", "=", "<<":
		return true
	}
	r := s
	if r != "" && (r[0] == '-' || r[0] == '+') {
		r = r[1:]
	}
	switch r {
	case ".inf", ".Inf", ".INF":
		return true
	}
	if r == "" {
		return false
	}
	isDigit := func(c byte) bool { return c >= '0' && c <= '9' }
	// span returns how many leading bytes of t are digits or one of extra.
	span := func(t, extra string) int {
		i := 0
		for i < len(t) && (isDigit(t[i]) || strings.IndexByte(extra, t[i]) >= 0) {
			i++
		}
		return i
	}
	exponent := func(t string) bool { // [eE][-+]?[0-9]+ and nothing after
		if len(t) < 2 || (t[0] != 'e' && t[0] != 'E') {
			return false
		}
		t = t[1:]
		if t[0] == '-' || t[0] == '+' {
			t = t[1:]
		}
		return t != "" && span(t, "") == len(t)
	}
	if r[0] == '.' {
		// \.[0-9][0-9_]* then an optional exponent.
		if len(r) < 2 || !isDigit(r[1]) {
			return false
		}
		rest := r[1+span(r[1:], "_"):]
		return rest == "" || exponent(rest)
	}
	if !isDigit(r[0]) {
		return false
	}
	// Base 60: [0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?
	if n := span(r, "_"); n < len(r) && r[n] == ':' {
		rest, groups := r[n:], 0
		for rest != "" && rest[0] == ':' {
			k := 1
			if k < len(rest) && rest[k] >= '0' && rest[k] <= '5' && k+1 < len(rest) && isDigit(rest[k+1]) {
				k += 2
			} else if k < len(rest) && isDigit(rest[k]) {
				k++
			} else {
				return false
			}
			rest, groups = rest[k:], groups+1
		}
		if groups == 0 {
			return false
		}
		if rest == "" {
			return true
		}
		return rest[0] == '.' && span(rest[1:], "_") == len(rest)-1
	}
	// The other forms start with [0-9][0-9_,]*.
	n := 1 + span(r[1:], "_,")
	rest := r[n:]
	switch {
	case rest == "":
		// [-+]?(0|[1-9][0-9_,]*): a leading zero only alone.
		return r[0] != '0' || n == 1
	case rest[0] == '.':
		rest = rest[1+span(rest[1:], "_"):]
		return rest == "" || exponent(rest)
	default:
		return exponent(rest)
	}
}
