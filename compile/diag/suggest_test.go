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
	} {
		if got := Suggest(c.name, c.candidates); got != c.want {
			t.Errorf("Suggest(%q, %q) = %q, want %q", c.name, c.candidates, got, c.want)
		}
	}
}
