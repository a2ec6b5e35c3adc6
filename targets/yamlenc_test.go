package targets

import (
	"errors"
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/goccy/go-yaml/token"
)

// yaml11Oracle is the regular expression yaml11Ambiguous is written from.
var yaml11Oracle = regexp.MustCompile(`^(` +
	`=|<<` + `|` +
	`[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?` + `|` +
	`[-+]?(0|[1-9][0-9_,]*)` + `|` +
	`[-+]?([0-9][0-9_,]*\.[0-9_]*|\.[0-9][0-9_]*)([eE][-+]?[0-9]+)?` + `|` +
	`[-+]?[0-9][0-9_,]*[eE][-+]?[0-9]+` + `|` +
	`[-+]?\.(inf|Inf|INF)` + `|` + `\.(nan|NaN|NAN)` +
	`)$`)

// randString draws a string of up to max bytes from alphabet's pieces.
func randString(r *rand.Rand, pieces []string, max int) string {
	var b strings.Builder
	for n := r.IntN(max + 1); n > 0; n-- {
		b.WriteString(pieces[r.IntN(len(pieces))])
	}
	return b.String()
}

var numberish = strings.Split("0 1 5 6 9 _ , . : + - e E inf Inf nan NaN x o b a 12 59 60 :0 :5 = <", " ")

func TestYAML11AmbiguousMatchesRegexp(t *testing.T) {
	fixed := []string{"", "0", "00", "01", "1,000", "1_000", "12:30:00", "12:60", "1:5:59.5_", ":30", "1e3",
		"1e", "1e+", "1e+3", "-1E-3", ".5", ".5e3", "._5", "5.", "5._", "5.e3", ".inf", "-.Inf", "+.INF",
		".nan", "-.nan", ".NaN", "3.10", "7", "+1", "v1", "1.2.3", "12:30", "1:2:3", "1:", "1:6a"}
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 200000; i++ {
		fixed = append(fixed, randString(r, numberish, 8))
	}
	for _, s := range fixed {
		if got, want := yaml11Ambiguous(s), yaml11Oracle.MatchString(s); got != want {
			t.Errorf("yaml11Ambiguous(%q) = %v, the regexp says %v", s, got, want)
		}
	}
}

func FuzzYAML11Ambiguous(f *testing.F) {
	for _, s := range []string{"12:30:00", "1,000", "1e3", ".inf", "-.Inf", ".NaN", "3.10", "v1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := yaml11Ambiguous(s), yaml11Oracle.MatchString(s); got != want {
			t.Errorf("yaml11Ambiguous(%q) = %v, the regexp says %v", s, got, want)
		}
	})
}

var quotey = strings.Split("a b Z 0 1 9 . - + : # \\ ' \" * & [ ] { } , ! | > % @ ` ~ _ y n on yes null true False 2024-01-02 15:04 T 12:30 \t é", " ")

func TestGoyamlNeedsQuoteMatchesGoYAML(t *testing.T) {
	fixed := []string{"", " ", "-", "- a", "a:", "a: b", "a:b", "a -b", "a- b", "#", "a#b", "2024-01-02",
		"2024-01-02 15:04:05", "2024-01-02T15:04:05Z", "15:4", "9:30", "0x1F", "0o17", "0b1", "1_000", "+.5",
		"-.inf", ".nan", "~", "yes", "ON", "Off", "y", "N", "nil", "http://x", "python:3.12-slim", "%x", "@x"}
	r := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 200000; i++ {
		fixed = append(fixed, randString(r, quotey, 5))
	}
	for _, s := range fixed {
		if got, want := goyamlNeedsQuote(s), token.IsNeedQuoted(s); got != want {
			t.Errorf("goyamlNeedsQuote(%q) = %v, go-yaml says %v", s, got, want)
		}
	}
}

// scalarPieces make strings that exercise every rule: quoting, YAML 1.1 numbers, blocks
// with blank, indented and space-only lines, trailing newlines and spaces; rarePieces
// add control characters, invalid UTF-8 and other reasons to double-quote.
var (
	scalarPieces = strings.Split("a|b|run|echo \"$X\"|make test|x y|: |#|-|- |0|1.5|1,000|12:30|true|on|\n|\n|\n|\n|\n\n|  |   |\t| |é|{|[|2024-01-02|\\", "|")
	rarePieces   = strings.Split("\x00|\r|\xff|\u2028|\"|'|*|\x7f", "|")
)

func randScalar(r *rand.Rand) string {
	pieces := scalarPieces
	if r.IntN(10) == 0 {
		pieces = append(append([]string{}, scalarPieces...), rarePieces...)
	}
	return randString(r, pieces, 8)
}

// randDoc builds a document of the shapes the back ends use.
func randDoc(r *rand.Rand, depth int) Map {
	m := Map{}
	for n := r.IntN(5); n > 0; n-- {
		key := randString(r, []string{"a", "b", "on", "y", "1", "x-y", "run", "#", " ", ": ", "k"}, 2)
		m = append(m, Item{Key: key, Value: randValue(r, depth)})
	}
	return m
}

func randValue(r *rand.Rand, depth int) any {
	k := r.IntN(12)
	if depth <= 0 && k < 3 {
		k += 3
	}
	switch k {
	case 0:
		return randDoc(r, depth-1)
	case 1, 2:
		var s []any
		for n := r.IntN(4); n > 0; n-- {
			s = append(s, randValue(r, depth-1))
		}
		if s == nil {
			s = []any{}
		}
		return s
	case 3:
		return r.IntN(3) == 0
	case 4:
		return r.IntN(2000) - 1000
	case 5:
		return []RawNumber{"3.10", "7", "-2", "1e5", "1.5E-3"}[r.IntN(5)]
	case 6:
		return quoted(randScalar(r))
	case 7:
		return nil
	default:
		return randScalar(r)
	}
}

// TestEncodeFastMatchesGoYAML holds encodeFast to go-yaml's bytes on random documents.
func TestEncodeFastMatchesGoYAML(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	fast, slow := 0, 0
	for i := 0; i < 20000; i++ {
		doc := randDoc(r, 4)
		got, err := encodeFast("", doc, nil)
		if errors.Is(err, errSlowPath) {
			slow++
			continue
		}
		fast++
		want, werr := encodeGoYAML(doc)
		if err != nil || werr != nil {
			t.Fatalf("errors: fast %v, go-yaml %v", err, werr)
		}
		if string(got) != string(want) {
			t.Fatalf("document %d: encodeFast differs from go-yaml\ngo-yaml:\n%s\nencodeFast:\n%s\n%#v", i, want, got, doc)
		}
	}
	// The documents are meant to be mostly within the fast path's shapes; if the slow
	// path took most of them this test would check little.
	t.Logf("fast %d slow %d", fast, slow)
	if fast < 4*slow {
		t.Errorf("only %d of %d documents took the fast path", fast, fast+slow)
	}
}

func FuzzEncodeFast(f *testing.F) {
	f.Add(uint64(1), uint64(2))
	f.Add(uint64(7), uint64(99))
	f.Fuzz(func(t *testing.T, a, b uint64) {
		doc := randDoc(rand.New(rand.NewPCG(a, b)), 5)
		got, err := encodeFast("", doc, nil)
		if errors.Is(err, errSlowPath) {
			return
		}
		want, werr := encodeGoYAML(doc)
		if err != nil || werr != nil {
			t.Fatalf("errors: fast %v, go-yaml %v", err, werr)
		}
		if string(got) != string(want) {
			t.Fatalf("encodeFast differs from go-yaml\ngo-yaml:\n%s\nencodeFast:\n%s", want, got)
		}
	})
}

// Strings whose block go-yaml prints its own way, and values of types the fast path does
// not write, go to go-yaml, and Encode gives its bytes.
func TestEncodeFallsBackToGoYAML(t *testing.T) {
	for _, doc := range []Map{
		{{Key: "run", Value: "echo a\necho b  "}},
		{{Key: "run", Value: "echo a\nb \n"}},
		{{Key: "n", Value: RawNumber("0x1F")}},
		{{Key: "f", Value: 1.5}},
		{{Key: "l", Value: []string{"a"}}},
	} {
		if _, err := encodeFast("", doc, nil); !errors.Is(err, errSlowPath) {
			t.Errorf("%#v: want the slow path, got %v", doc, err)
		}
		got, err := Encode("# h\n", doc)
		want, werr := encodeGoYAML(doc)
		if err != nil || werr != nil {
			t.Fatalf("%v %v", err, werr)
		}
		if string(got) != "# h\n"+string(want) {
			t.Errorf("Encode gave\n%s\ngo-yaml gives\n%s", got, want)
		}
	}
}

// blockSafe's ASCII fast path decides as the general path does.
func TestBlockSafeFastPathMatchesGeneral(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	pieces := strings.Split("a| |  |\t|\n|\n\n|\r|\x00|\x7f|\v|\f|x y|é|\u00a0|\u2028", "|")
	for i := 0; i < 100000; i++ {
		s := randString(r, pieces, 6)
		if got, want := blockSafe(s), blockSafeUnicode(s); got != want {
			t.Errorf("blockSafe(%q) = %v, the general path says %v", s, got, want)
		}
	}
}

// goyamlNeedsQuote looks a string up in goyamlKeywords only when it is at most five bytes
// long.
func TestGoyamlKeywordsShort(t *testing.T) {
	for k := range goyamlKeywords {
		if len(k) > 5 {
			t.Errorf("keyword %q is longer than goyamlNeedsQuote looks up", k)
		}
		if !goyamlNeedsQuote(k) {
			t.Errorf("keyword %q is not quoted", k)
		}
	}
}

// quoteLine decides as strGeneral writes: on every string it takes, the output of str
// is strGeneral's.
func TestQuoteLine(t *testing.T) {
	fixed := []string{"?", "? x", "?\tx", "?x", "x?", "a\tb", "\ta", "a:", "a :", "a: b", "a-b", "a- b", "-a",
		"a#b", "a\\b", "yes", "Yes", "no", "on", "off", "null", "~", "true", "False", "nil", "*x", "x*",
		"\x00", "a\x7f", "a\rb", "é", "a\n", "x y", "x ", " x", "`x", "@x", "%x", "!x", "x!", "x,y", ",x"}
	r := rand.New(rand.NewPCG(11, 12))
	pieces := append(append(strings.Split("a|b|x y|run|?|:|-|#|\\|*|&|[|{|}|]|,|!|||>|%|'|\"|@| |`|\t|\r|\x00|\x7f|é|\n|yes|on|no|~|null", "|"), quotey...), numberish...)
	for i := 0; i < 300000; i++ {
		fixed = append(fixed, randString(r, pieces, 5))
	}
	taken := 0
	for _, s := range fixed {
		if _, ok := quoteLine(s); !ok {
			continue
		}
		taken++
		var fast, general fastEncoder
		if err := fast.str(s, 2, false); err != nil {
			t.Fatalf("str(%q): %v", s, err)
		}
		if err := general.strGeneral(s, 2, false); err != nil {
			t.Fatalf("strGeneral(%q): %v", s, err)
		}
		if got, want := string(fast.b.Bytes()), string(general.b.Bytes()); got != want {
			t.Errorf("%q: str writes %s, strGeneral %s", s, got, want)
		}
	}
	if taken < len(fixed)/4 {
		t.Errorf("quoteLine took %d strings of %d: the test no longer covers it", taken, len(fixed))
	}
}

func TestQuoteKeyLine(t *testing.T) {
	fixed := []string{"?", "? x", "a\tb", "\ta", "a:", "a :", "a: b", "a-b", "a- b", "-a", "a#b", "a\\b",
		"yes", "Yes", "no", "on", "off", "null", "~", "true", "False", "nil", "*x", "x*", "=", "<<", "<", "==",
		"\x00", "a\x7f", "a\rb", "é", "a\n", "x y", "x ", " x", "`x", "@x", "%x", "!x", "x!", "x,y", ",x",
		"runs-on", "timeout-minutes", "name", "steps", "if", "needs"}
	r := rand.New(rand.NewPCG(13, 14))
	pieces := append(append(strings.Split("a|b|x y|run|?|:|-|#|\\|*|&|[|{|}|]|,|!|||>|%|'|\"|@| |`|\t|\r|\x00|\x7f|é|\n|yes|on|no|~|null|=|<<", "|"), quotey...), numberish...)
	for i := 0; i < 300000; i++ {
		fixed = append(fixed, randString(r, pieces, 5))
	}
	taken := 0
	for _, s := range fixed {
		quote, ok := quoteKeyLine(s)
		if !ok {
			continue
		}
		taken++
		var general fastEncoder
		general.keyGeneral(s)
		want := general.b.Bytes()
		if got := s; quote {
			got = strconv.Quote(s)
			if got != string(want) {
				t.Errorf("%q: quoteKeyLine quotes it, keyGeneral writes %s", s, want)
			}
		} else if got != string(want) {
			t.Errorf("%q: quoteKeyLine writes it plain, keyGeneral writes %s", s, want)
		}
	}
	if taken < len(fixed)/4 {
		t.Errorf("quoteKeyLine took %d strings of %d: the test no longer covers it", taken, len(fixed))
	}
}
