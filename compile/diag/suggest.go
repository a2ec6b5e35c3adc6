package diag

import (
	"fmt"
	"slices"
)

// Suggest returns the candidate name stands for: its synonym among the candidates
// (values for options), else the one closest to it by edit distance, or "" when none is
// close enough to be a plausible typo. Ties go to the earlier candidate, so callers pass
// candidates in a stable order.
func Suggest(name string, candidates []string) string {
	if s, ok := synonyms[name]; ok && slices.Contains(candidates, s) {
		return s
	}
	best, bestDist := "", -1
	limit := len([]rune(name))/3 + 1
	if limit > 3 {
		limit = 3
	}
	for _, c := range candidates {
		if c == name {
			continue
		}
		d := levenshtein(name, c)
		if d <= limit && (bestDist < 0 || d < bestDist) {
			best, bestDist = c, d
		}
	}
	return best
}

// DidYouMean returns ` did you mean "x"?` (with a leading space) or "".
func DidYouMean(name string, candidates []string) string {
	if s := Suggest(name, candidates); s != "" {
		return fmt.Sprintf("did you mean %q?", s)
	}
	return ""
}

func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if foldASCII(ra[i-1]) == foldASCII(rb[j-1]) {
				cost = 0 // a case-only difference is no typo distance: "Build" for "build"
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

func foldASCII(r rune) rune {
	if r >= 'A' && r <= 'Z' {
		return r + 'a' - 'A'
	}
	return r
}

// synonyms are names users commonly write for one of pipec's, from other CI systems or
// other schemas, too far from it by edit distance to be offered as a typo: a choice
// input's values, GitHub's runs-on, a Compose depends_on. Offered only where the name
// they stand for is a candidate. Looked up by key only, never ranged over.
var synonyms = map[string]string{
	"values":       "options",
	"choices":      "options",
	"enum":         "options",
	"depends_on":   "needs",
	"dependencies": "needs",
	"script":       "run",
	"command":      "run",
	"commands":     "run",
	"container":    "image",
	"variables":    "env",
	"environment":  "env",
	"runs_on":      "runner",
	"runs-on":      "runner",
}
