package diag

import (
	"fmt"
	"slices"
)

// Suggest returns the candidate name stands for: its synonym among the candidates
// (values for options), else the one closest to it by edit distance, or "" when none is
// close enough to be a plausible typo. Two neighbouring letters swapped are one edit
// ("ptahs" is paths, not tags). Ties go to the earlier candidate, so callers pass
// candidates in a stable order.
func Suggest(name string, candidates []string) string {
	for _, s := range synonyms[name] {
		if slices.Contains(candidates, s) {
			return s
		}
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
		d := editDistance(name, c)
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

// editDistance is the number of letters inserted, deleted or replaced, and of
// neighbouring letters swapped, that turn a into b (the optimal string alignment
// distance): a swap is the commonest typo, and as two replacements it would tie with
// names that share fewer letters.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	same := func(i, j int) bool { return foldASCII(ra[i]) == foldASCII(rb[j]) }
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if same(i-1, j-1) {
				cost = 0 // a case-only difference is no typo distance: "Build" for "build"
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && same(i-1, j-2) && same(i-2, j-1) {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
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
// input's values, GitHub's runs-on, CircleCI's requires, a Compose depends_on. Each is
// offered only where a name it stands for is a candidate, the first one that is: a job
// is a stage among a pipeline's blocks and a step among a stage's. Looked up by key
// only, never ranged over.
var synonyms = map[string][]string{
	"values":                {"options"},
	"choices":               {"options"},
	"enum":                  {"options"},
	"depends_on":            {"needs"},
	"dependencies":          {"needs"},
	"dependsOn":             {"needs"},
	"requires":              {"needs"},
	"script":                {"run", "step"},
	"command":               {"run"},
	"commands":              {"run"},
	"cmd":                   {"run"},
	"container":             {"image"},
	"docker":                {"image"},
	"variables":             {"env"},
	"vars":                  {"env"},
	"environment":           {"env"},
	"environment_variables": {"env"},
	"runs_on":               {"runner"},
	"runs-on":               {"runner"},
	"runsOn":                {"runner"},
	"pool":                  {"runner"},
	"if":                    {"when"},
	"condition":             {"when"},
	"timeout_minutes":       {"timeout"},
	"timeout-minutes":       {"timeout"},
	"timeoutInMinutes":      {"timeout"},
	"retry":                 {"retries"},
	"workdir":               {"working_directory"},
	"working_dir":           {"working_directory"},
	"trigger":               {"on"},
	"triggers":              {"on"},
	"workflow_dispatch":     {"manual"},
	"merge_request":         {"pull_request"},
	"pr":                    {"pull_request"},
	"parameter":             {"input"},
	"parameters":            {"input"},
	"job":                   {"stage", "step"},
	"jobs":                  {"stage", "step"},
	"task":                  {"step"},
	"tasks":                 {"step"},
	"crontab":               {"cron"},
	"parallel":              {"matrix"},
	"retention_days":        {"expire_in"},
}
