package build

import (
	"fmt"
	"strings"

	"github.com/pipec-dev/pipec/compile/diag"
)

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

// A runner read from the matrix (runner = matrix.os) gets one diagnostic at the
// reference, in HCL and CUE alike: every target fixes a job's runner, and with it the
// OS, the shells and the layout of the jobs pipec writes, when the spec is compiled, so
// the runner is plain text and a matrix cannot choose it.
const (
	MatrixRunnerCode    = "matrix-runner"
	MatrixRunnerSummary = "a matrix cannot choose a stage's runner: cross-OS matrices are not supported"
	MatrixRunnerDetail  = `the runner decides the OS, the shells and the jobs pipec writes, so it is written out: write one stage per runner (stage "test-linux" with runner "linux", stage "test-windows" with runner "windows", the same steps in each) and keep the matrix for the other axes`
)

// HomeHint is the hint for a name written in a block that does not take it, when other
// blocks do (schema.Homes): it says where the name belongs, which a list of the names
// the block does take would not. Both front ends give it in the same words.
func HomeHint(name string, homes []string, where string) string {
	if len(homes) == 0 {
		return ""
	}
	article := "a"
	if strings.ContainsRune("aeiou", rune(homes[0][0])) {
		article = "an"
	}
	kinds := homes[0]
	if len(homes) > 1 {
		kinds = strings.Join(homes[:len(homes)-1], ", ") + " or " + homes[len(homes)-1]
	}
	return fmt.Sprintf("%q belongs in %s %s block, not in %s", name, article, kinds, where)
}

// ImageObjectHint is the hint for an image written as an object, as GitLab's
// image: {name: ..., entrypoint: [""]} is; name is the object's name field, or "". pipec
// has no entrypoint override: it writes GitLab's itself (see docs/language.md, Images).
func ImageObjectHint(name string) string {
	example := "golang:1.23"
	if name != "" {
		example = name
	}
	return fmt.Sprintf(`an image is one string, its name: image %q. pipec has no entrypoint attribute: for GitLab it writes entrypoint [""] itself for images known to start a tool from their entrypoint (hashicorp/terraform, bitnami/kubectl, ...), and a native block can set GitLab's image for another`, example)
}

// SynonymOfRequired handles a body that leaves required attributes unset while it has
// unknown attributes close to no known name (synonyms: `schedule` for `cron`,
// `image_name` for `image`): one of them probably is the attribute, so the body gets one
// error, the first synonym's, which says what it must set, and no missing-attribute. It
// reports whether it did so.
func SynonymOfRequired(synonyms []*diag.Diagnostic, where string, unset []string) bool {
	if len(unset) == 0 || len(synonyms) == 0 {
		return false
	}
	quoted := make([]string, len(unset))
	for i, name := range unset {
		quoted[i] = fmt.Sprintf("%q", name)
	}
	synonyms[0].Detail += fmt.Sprintf("; %s must set %s", where, strings.Join(quoted, " and "))
	return true
}

// Abbreviated is the one name of names that name shortens (env for environment), or "":
// a block written under an attribute's name (env "production" { ... }) whose name
// begins a block's name declares that block.
func Abbreviated(name string, names []string) string {
	found := ""
	for _, n := range names {
		if len(name) >= 3 && len(n) > len(name) && strings.HasPrefix(n, name) {
			if found != "" {
				return ""
			}
			found = n
		}
	}
	return found
}
