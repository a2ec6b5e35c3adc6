package build

import "fmt"

// foreign are attributes other CI systems have where pipec says the same thing another
// way, by the body they are written in (schema.Body.Name): an unknown attribute of that
// name gets this hint instead of the list of known names. Each says what to write in
// both HCL and CUE terms, so it names no syntax.
var foreign = map[string]map[string]string{
	"Push": {
		"branches_ignore": `leave branches out with !-globs in branches, after a glob that matches them: branches ["**", "!dev"]`,
		"tags_ignore":     `leave tags out with !-globs in tags, after a glob that matches them: tags ["v*", "!v*-rc*"]`,
	},
	"PullRequest": {
		"branches_ignore": `leave target branches out with !-globs in branches, after a glob that matches them: branches ["**", "!dev"]`,
	},
}

// ForeignHint is the hint for the unknown attribute name in a body of kind body, or "".
func ForeignHint(body, name string) string {
	if h, ok := foreign[body][name]; ok {
		return fmt.Sprintf("pipec has no %s: %s", name, h)
	}
	return ""
}
