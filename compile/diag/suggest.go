package diag

import "fmt"

// Suggest returns the candidate closest to name by edit distance, or "" when none is close
// enough to be a plausible typo. Ties go to the earlier candidate, so callers pass
// candidates in a stable order.
func Suggest(name string, candidates []string) string {
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
