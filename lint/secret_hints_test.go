package lint

import (
	"regexp/syntax"
	"testing"
)

// TestCredentialHints proves each credential pattern's hints: it works out the literal
// text every match of the pattern starts with (one string per alternative) and requires
// a hint in each, so skipping the pattern on text without a hint never misses a match.
func TestCredentialHints(t *testing.T) {
	for _, c := range credentialPatterns {
		re, err := syntax.Parse(c.re.expr, syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		starts, ok := literalStarts(re)
		if !ok || len(starts) == 0 {
			t.Errorf("%s: cannot work out what every match of %s starts with", c.name, c.re.expr)
			continue
		}
		for _, s := range starts {
			if !containsAny(s, c.hints) {
				t.Errorf("%s: a match can start %q, which holds none of the hints %q", c.name, s, c.hints)
			}
		}
	}
	if credential("token AKIAABCDEFGHIJKLMNOP here") == "" || credential("no credential here") != "" {
		t.Error("credential() does not use the patterns")
	}
}

// literalStarts returns, for a pattern, the literal texts its matches begin with: every
// match begins with one of them. ok is false for a shape it does not follow.
func literalStarts(re *syntax.Regexp) (out []string, ok bool) {
	switch re.Op {
	case syntax.OpAlternate:
		for _, sub := range re.Sub {
			s, ok := literalStarts(sub)
			if !ok {
				return nil, false
			}
			out = append(out, s...)
		}
		return out, true
	case syntax.OpConcat:
		out = []string{""}
		for _, sub := range re.Sub {
			switch sub.Op {
			case syntax.OpWordBoundary, syntax.OpBeginLine, syntax.OpBeginText:
				continue
			}
			next, ok := literals(sub)
			if !ok {
				return out, true // what follows varies; the prefix so far holds
			}
			var grown []string
			for _, p := range out {
				for _, n := range next {
					grown = append(grown, p+n)
				}
			}
			out = grown
		}
		return out, true
	default:
		return literals(re)
	}
}

// literals lists the texts a piece matches when it matches one of a few fixed texts.
func literals(re *syntax.Regexp) ([]string, bool) {
	switch re.Op {
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 {
			return nil, false
		}
		return []string{string(re.Rune)}, true
	case syntax.OpCapture:
		return literals(re.Sub[0])
	case syntax.OpCharClass:
		var out []string
		for i := 0; i < len(re.Rune); i += 2 {
			if re.Rune[i+1]-re.Rune[i] > 8 {
				return nil, false
			}
			for r := re.Rune[i]; r <= re.Rune[i+1]; r++ {
				out = append(out, string(r))
			}
		}
		return out, true
	case syntax.OpAlternate, syntax.OpConcat:
		s, ok := literalStarts(re)
		if !ok {
			return nil, false
		}
		// Only whole fixed texts: a concatenation that stopped early is not one.
		for _, sub := range re.Sub {
			if _, ok := literals(sub); !ok && re.Op == syntax.OpConcat {
				return nil, false
			}
		}
		return s, true
	}
	return nil, false
}

func TestContainsAny(t *testing.T) {
	if !containsAny("xx glpat-yy", []string{"a-b", "glpat-"}) || containsAny("glpat", []string{"glpat-"}) || containsAny("x", nil) {
		t.Error("containsAny")
	}
}
