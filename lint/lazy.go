package lint

import (
	"regexp"
	"strings"
	"sync"
)

// lazyRegexp is a regular expression compiled on first use. Every pipec command links
// the rules, and pipec generate never runs them: compiled at package init they cost each
// run of it about 0.4 ms. The rules' tests use every pattern, so a bad one still fails
// there. (compile, targets and cmd use sync.OnceValue for the same; lint keeps the
// expression beside the compiled form because TestCredentialHints reads it.)
type lazyRegexp struct {
	once sync.Once
	expr string
	re   *regexp.Regexp
}

func lazy(expr string) *lazyRegexp { return &lazyRegexp{expr: expr} }

func (l *lazyRegexp) get() *regexp.Regexp {
	l.once.Do(func() { l.re = regexp.MustCompile(l.expr) })
	return l.re
}

func (l *lazyRegexp) MatchString(s string) bool { return l.get().MatchString(s) }

func (l *lazyRegexp) FindStringSubmatch(s string) []string { return l.get().FindStringSubmatch(s) }

func (l *lazyRegexp) ReplaceAllString(s, repl string) string {
	return l.get().ReplaceAllString(s, repl)
}

func (l *lazyRegexp) FindAllStringSubmatchIndex(s string, n int) [][]int {
	return l.get().FindAllStringSubmatchIndex(s, n)
}

func (l *lazyRegexp) FindStringSubmatchIndex(s string) []int {
	return l.get().FindStringSubmatchIndex(s)
}

func (l *lazyRegexp) FindAllStringSubmatch(s string, n int) [][]string {
	return l.get().FindAllStringSubmatch(s, n)
}

// containsAny reports whether s contains one of subs: the cheap test that lets a rule
// skip a pattern, and its compilation, on text that cannot match it.
func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}
