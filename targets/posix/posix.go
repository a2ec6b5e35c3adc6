package posix

import (
	"fmt"
	"strings"

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
		test := fmt.Sprintf(`printf '%%s\n' "%s" | grep -Eq %s`, operand(n.Args[0], value), Quote("^"+expr.GlobRegexp(strings.TrimPrefix(lit, "!"))+"$"))
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
