package diag

import "testing"

func TestSuggestSynonyms(t *testing.T) {
	input := []string{"type", "default", "options", "description", "required"}
	stage := []string{"needs", "runner", "image", "env", "step"}
	for _, c := range []struct {
		name       string
		candidates []string
		want       string
	}{
		{"optins", input, "options"},   // a typo, by edit distance
		{"values", input, "options"},   // a synonym
		{"choices", input, "options"},  // a synonym
		{"depends_on", stage, "needs"}, // a synonym
		{"runs-on", stage, "runner"},   // a synonym
		{"values", stage, ""},          // a synonym of a name not offered here
		{"colour", input, ""},          // neither
		{"environment", input, ""},     // env is not a candidate
		{"requires", stage, "needs"},   // CircleCI's: not retries, two edits away
		{"dependsOn", stage, "needs"},  // Azure's
		{"job", []string{"on", "stage"}, "stage"},
		{"job", stage, "step"}, // the first of its names that is a candidate
		{"task", stage, "step"},
		{"trigger", []string{"description", "env", "on", "stage"}, "on"},
		{"ptahs", []string{"branches", "tags", "paths"}, "paths"}, // a swap is one edit
		{"nedes", stage, "needs"},
	} {
		if got := Suggest(c.name, c.candidates); got != c.want {
			t.Errorf("Suggest(%q, %q) = %q, want %q", c.name, c.candidates, got, c.want)
		}
	}
}
