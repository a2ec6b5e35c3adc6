package compile

import (
	"fmt"
	"strings"

	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/expr"
)

// checkGlob validates a filter glob as GitHub and Azure read it (* within a segment, **
// across segments, ? one character, [set] a class, a leading ! negates). refGlob adds
// git's ref-name rules for branch and tag filters.
func checkGlob(g string, refGlob bool) error {
	if strings.TrimSpace(g) == "" {
		return fmt.Errorf("empty pattern")
	}
	body := strings.TrimPrefix(g, "!")
	if body == "" {
		return fmt.Errorf("a lone \"!\" negates nothing")
	}
	depth := 0
	for i := 0; i < len(body); i++ {
		switch body[i] {
		case '[':
			if depth > 0 {
				return fmt.Errorf("nested '[' at offset %d", i)
			}
			if end := strings.IndexByte(body[i:], ']'); end > 0 {
				set := strings.TrimPrefix(body[i+1:i+end], "!")
				for k := 1; k+1 < len(set); k++ {
					if set[k] == '-' && set[k-1] > set[k+1] {
						return fmt.Errorf("range %s in [%s] is backwards", set[k-1:k+2], set)
					}
				}
				if set == "" {
					return fmt.Errorf("empty [] matches nothing")
				}
			}
			depth++
		case ']':
			if depth == 0 {
				return fmt.Errorf("']' without '[' at offset %d", i)
			}
			depth--
		}
	}
	if depth != 0 {
		return fmt.Errorf("unclosed '['")
	}
	if !refGlob {
		if err := pathShape(g[:len(g)-len(body)], body); err != nil {
			return err
		}
	}
	if refGlob {
		if strings.ContainsAny(body, " ~^:\\") {
			return fmt.Errorf("git ref names cannot contain spaces or any of ~ ^ : \\")
		}
		if strings.Contains(body, "..") || strings.HasSuffix(body, "/") || strings.HasPrefix(body, "/") {
			return fmt.Errorf("git ref names cannot contain \"..\" or start or end with '/'")
		}
		if strings.HasPrefix(body, "refs/") {
			return fmt.Errorf("write the short name (\"main\", \"v*\"), not the full ref")
		}
		if err := refComponents(body); err != nil {
			return err
		}
	}
	return nil
}

// CheckPathGlob reports why g is not a valid path glob (the syntax of a trigger's paths
// filter), or nil. Other files that take such globs (pipec's lint configuration) check
// them as the compiler does.
func CheckPathGlob(g string) error {
	return checkGlob(g, false)
}

// refComponents applies the rest of git's ref-name rules (git check-ref-format) to a
// pattern's literal text: a pattern that breaks them names no branch or tag git allows,
// so it never matches.
func refComponents(body string) error {
	for _, r := range body {
		if r < 0x20 || r == 0x7f {
			return fmt.Errorf("git ref names cannot contain control characters")
		}
	}
	if strings.Contains(body, "//") || strings.Contains(body, "@{") || body == "@" {
		return fmt.Errorf("git ref names cannot contain \"//\" or \"@{\", or be \"@\"")
	}
	for _, c := range strings.Split(body, "/") {
		switch {
		case strings.HasPrefix(c, "."):
			return fmt.Errorf("git ref names cannot have a part that starts with '.' (%q)", c)
		case strings.HasSuffix(c, ".lock"), strings.HasSuffix(c, "."):
			return fmt.Errorf("git ref names cannot have a part that ends with \".lock\" or '.' (%q)", c)
		}
	}
	return nil
}

// pathShape refuses the path patterns that mean something different on each platform:
// GitHub and GitLab match a pattern against each changed file's path, relative to the
// repository's root and without a leading '/', so "/src/**" and "docs/" match no file
// there, while Azure reads a leading '/' as the root and a pattern without wildcards as
// a directory prefix ("docs/" is everything below docs).
// neg is the pattern's leading "!", if any, kept in the pattern suggested instead.
func pathShape(neg, body string) error {
	switch {
	case strings.HasPrefix(body, "/"):
		return fmt.Errorf("paths are relative to the repository's root: write %q", neg+strings.TrimLeft(body, "/"))
	case strings.HasSuffix(body, "/"):
		return fmt.Errorf("a path pattern matches files, not directories: write %q for every file below %s", neg+body+"**", strings.TrimRight(body, "/"))
	case strings.Contains(body, "//"):
		return fmt.Errorf("a path has no empty part (\"//\"): write %q", neg+collapseSlashes(body))
	}
	return nil
}

// collapseSlashes is p with each run of '/' written once.
func collapseSlashes(p string) string {
	for strings.Contains(p, "//") {
		p = strings.ReplaceAll(p, "//", "/")
	}
	return p
}

// wordSet is the first [set] of a glob that looks like a word meant as itself, "[bot]" in
// "*[bot]": three or more letters, digits, spaces or underscores, at least one a letter,
// without a range or a negation. A set matches one character of it, so matches(ci.actor, "*[bot]") holds for
// logins ending in b, o or t, never for dependabot[bot]. "" when there is none.
func wordSet(g string) string {
	body := strings.TrimPrefix(g, "!")
	for i := 0; i < len(body); i++ {
		if body[i] != '[' {
			continue
		}
		end := strings.IndexByte(body[i:], ']')
		if end < 0 {
			return ""
		}
		set := body[i+1 : i+end]
		// A word has a letter: a set of digits ([123], [2468]) is the versions or
		// numbers it lists, as written.
		word, letter := len(set) >= 3, false
		for _, r := range set {
			switch {
			case r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z':
				letter = true
			case !(r >= '0' && r <= '9' || r == ' ' || r == '_'):
				word = false
			}
		}
		word = word && letter
		if word {
			return "[" + set + "]"
		}
		i += end
	}
	return ""
}

// warnWordSet warns of a matches pattern whose [set] reads like a bracketed word
// (wordSet): globs have no way to write "[" as itself, so the fix compares the whole value.
func (c *checker) warnWordSet(x expr.Expr, g *expr.StringLit, set string) {
	subject := "the value"
	if r, ok := x.(*expr.RefExpr); ok {
		subject = r.Ref.String()
	}
	example := subject + ` == "` + strings.ReplaceAll(strings.ReplaceAll(strings.TrimPrefix(g.Value, "!"), "**", "NAME"), "*", "NAME") + `"`
	if set == "[bot]" {
		example = subject + ` == "dependabot[bot]" || ` + subject + ` == "renovate[bot]"`
	}
	chars := strings.Split(set[1:len(set)-1], "")
	c.diags.Warnf(g.Rng, "glob-set-word",
		fmt.Sprintf("a [set] in a pattern is one character of the set, and a pattern has no way to write \"[\" as itself: compare the whole value instead, e.g. %s", example),
		"pattern %q reads %s as one character (%s), not as the text %q", g.Value, set, diag.List(chars), set)
}
