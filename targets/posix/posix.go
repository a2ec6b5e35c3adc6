package posix

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/pipec-dev/pipec/compile/expr"
)

// Quote renders text as one single-quoted sh word.
func Quote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// QuoteInDouble escapes text for use inside a double-quoted sh string.
func QuoteInDouble(s string) string { return inDouble.Replace(s) }

// inDouble is built once: back ends quote every script line and Vault path with it, and
// building the replacer on each call was 2% of emitting a large spec.
var inDouble = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "$", `\$`, "`", "\\`")

// Glob renders a path glob as one bash word that expands as the glob says: `*`, `**`
// (with globstar), `?` and `[set]` (`[!set]` negated) stay unquoted, and every other
// run of text is single-quoted when it holds anything but letters, digits and
// `._/+@%=,:-`, so a space or a `$` in a path is part of the name, never shell syntax.
func Glob(p string) string {
	var b, lit strings.Builder
	flush := func() {
		if lit.Len() == 0 {
			return
		}
		if plainWord(lit.String()) {
			b.WriteString(lit.String())
		} else {
			b.WriteString(Quote(lit.String()))
		}
		lit.Reset()
	}
	for i := 0; i < len(p); i++ {
		switch c := p[i]; c {
		case '*', '?':
			flush()
			b.WriteByte(c)
		case '[':
			j := strings.IndexByte(p[i+1:], ']')
			if j < 0 {
				lit.WriteByte(c)
				continue
			}
			set := p[i+1 : i+1+j]
			flush()
			b.WriteByte('[')
			if strings.HasPrefix(set, "!") || strings.HasPrefix(set, "^") {
				b.WriteByte('!')
				set = set[1:]
			}
			lit.WriteString(set)
			flush()
			b.WriteByte(']')
			i += j + 1
		default:
			lit.WriteByte(c)
		}
	}
	flush()
	return b.String()
}

func plainWord(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("._/+@%=,:-", c) >= 0) {
			return false
		}
	}
	return true
}

// globs caches the compiled expression of each glob GlobMatch has seen: lint decides a
// condition once per job and scenario, and the GitHub and Azure back ends once per matrix
// cell, where compiling the glob each time cost more than the rest of the evaluation.
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

// Cond renders a condition as a POSIX sh test. value renders a reference as the inside
// of a double-quoted string ("${VAR:-}"); it is the only platform-specific part.
func Cond(x expr.Expr, value func(*expr.Ref) string) string {
	switch n := x.(type) {
	case *expr.Not:
		return "! { " + Cond(n.X, value) + "; }"
	case *expr.Binary:
		switch n.Op {
		case "&&", "||":
			return "{ " + Cond(n.X, value) + " " + n.Op + " " + Cond(n.Y, value) + "; }"
		case "==":
			return fmt.Sprintf(`[ "%s" = "%s" ]`, operand(n.X, value), operand(n.Y, value))
		case "!=":
			return fmt.Sprintf(`[ "%s" != "%s" ]`, operand(n.X, value), operand(n.Y, value))
		}
	case *expr.Call:
		lit := n.Args[1].(*expr.StringLit).Value
		if n.Func == "startswith" {
			return fmt.Sprintf(`case "%s" in %s*) true;; *) false;; esac`, operand(n.Args[0], value), Quote(lit))
		}
		// The same regular expression the platforms' own filters use, so * stops at '/'.
		test := fmt.Sprintf(`printf '%%s\n' "%s" | grep -Eq %s`, operand(n.Args[0], value), Quote("^"+GlobRegexp(strings.TrimPrefix(lit, "!"))+"$"))
		if strings.HasPrefix(lit, "!") {
			return "! { " + test + "; }"
		}
		return test
	case *expr.RefExpr:
		v := value(n.Ref)
		return fmt.Sprintf(`{ [ -n "%s" ] && [ "%s" != false ]; }`, v, v)
	case *expr.BoolLit:
		return fmt.Sprint(n.Value)
	}
	return "false"
}

func operand(x expr.Expr, value func(*expr.Ref) string) string {
	switch n := x.(type) {
	case *expr.RefExpr:
		return value(n.Ref)
	case *expr.StringLit:
		return QuoteInDouble(n.Value)
	case *expr.NumberLit:
		return n.Text
	case *expr.BoolLit:
		return fmt.Sprint(n.Value)
	}
	return ""
}
