package expr

import (
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"
)

// Globs are part of the condition language (`matches`): the compiler, the back ends and
// lint decide them alike, and the back ends translate them into their platforms' regular
// expressions.

// globs caches the compiled expression of each glob GlobMatch has seen: lint decides a
// condition once per job and scenario, and the compiler and the GitHub and Azure back
// ends once per matrix cell, where compiling the glob each time cost more than the rest
// of the evaluation.
var globs sync.Map // glob -> *regexp.Regexp, or nil when it does not compile

// GlobMatch reports whether name matches glob g (without a leading !); ok is false for
// a glob whose expression does not compile (the compiler refuses those: bad-glob).
func GlobMatch(g, name string) (match, ok bool) {
	v, seen := globs.Load(g)
	if !seen {
		re, err := regexp.Compile("^" + GlobRegexp(g) + "$")
		if err != nil {
			re = nil
		}
		v, _ = globs.LoadOrStore(g, re)
	}
	re := v.(*regexp.Regexp)
	if re == nil {
		return false, false
	}
	return re.MatchString(name), true
}

// GlobRegexp translates a filter glob into an RE2 (and POSIX ERE) pattern body: * within
// a path segment, ** across segments, ? one character, [set] as is ([!set] negated).
func GlobRegexp(g string) string {
	var b strings.Builder
	for i := 0; i < len(g); i++ {
		c := g[i]
		switch {
		case c == '*' && i+1 < len(g) && g[i+1] == '*':
			b.WriteString(".*")
			i++
		case c == '*':
			b.WriteString("[^/]*")
		case c == '?':
			b.WriteString("[^/]")
		case c == '[':
			j := strings.IndexByte(g[i:], ']')
			if j < 0 {
				b.WriteString(`\[`)
				continue
			}
			set := g[i+1 : i+j]
			if strings.HasPrefix(set, "!") {
				set = "^" + set[1:]
			}
			b.WriteString("[" + set + "]")
			i += j
		case c >= utf8.RuneSelf:
			// A byte of a multi-byte character: copied as is, so the pattern holds the
			// character itself (string(c) would re-encode the byte as a rune of its own).
			b.WriteByte(c)
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	return b.String()
}
