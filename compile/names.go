package compile

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/pipec-dev/pipec/compile/diag"
)

var (
	// Stage, step, environment and identity names appear in references
	// (stage.NAME.outputs.KEY) and in every platform's job and step ids.
	reName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*$`)
	// Variables, inputs, outputs, matrix axes and secrets become environment variables.
	reVar = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	// A pipeline's name names its output files.
	rePipeline = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9._-]*$`)
)

// varForm is how a name reads as an environment variable: upper case, every character
// outside [A-Z0-9] an underscore. Every target passes stage outputs, inputs and secrets
// to scripts through such variables (PIPEC_STAGE_A_B_OUTPUTS_X), so two names with one
// variable form would silently share a value.
func varForm(name string) string {
	b := []byte(strings.ToUpper(name))
	for i, c := range b {
		if !(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9') {
			b[i] = '_'
		}
	}
	return string(b)
}

// checkVarForms reports names of one kind whose variable forms collide.
func (c *checker) checkVarForms(kind string, names []string, ranges []diag.Range) {
	first := map[string]int{}
	for i, n := range names {
		f := varForm(n)
		if j, ok := first[f]; ok && names[j] != n {
			d := c.diags.Errorf(ranges[i], "name-collision", fmt.Sprintf("scripts read both as variables named after %s; rename one", f), "%s %q and %q collide", kind, names[j], n)
			d.Related = append(d.Related, diag.Note{Message: "the other one", Subject: ranges[j]})
			continue
		}
		first[f] = i
	}
}

// nameTable finds duplicates among names of one kind and keeps declaration order for
// "did you mean" suggestions.
type nameTable struct {
	kind  string
	first map[string]diag.Range
	order []string
}

func newNameTable(kind string) *nameTable {
	return &nameTable{kind: kind, first: map[string]diag.Range{}}
}

// add records name; a second declaration is a duplicate-name error with a note at the first.
func (t *nameTable) add(c *checker, name string, rng diag.Range) bool {
	if prev, ok := t.first[name]; ok {
		d := c.diags.Errorf(rng, "duplicate-name", "each "+t.kind+" needs a unique name", "duplicate %s %q", t.kind, name)
		d.Related = append(d.Related, diag.Note{Message: "first declared here", Subject: prev})
		return false
	}
	t.first[name] = rng
	t.order = append(t.order, name)
	return true
}

func (t *nameTable) has(name string) bool { _, ok := t.first[name]; return ok }

// unknown reports a reference to a name that was never declared.
func (t *nameTable) unknown(c *checker, code, name string, rng diag.Range, what string) {
	detail := ""
	if s := diag.DidYouMean(name, t.order); s != "" {
		detail = s
	} else if len(t.order) > 0 {
		detail = "declared " + t.kind + "s: " + diag.List(t.order)
	} else {
		detail = "no " + t.kind + " is declared; declare it with a " + t.kind + " block"
	}
	c.diags.Errorf(rng, code, detail, "%s unknown %s %q", what, t.kind, name)
}

func (c *checker) checkName(re *regexp.Regexp, kind, name string, rng diag.Range, expect string) {
	if !re.MatchString(name) {
		c.diags.Errorf(rng, "bad-name", expect, "invalid %s name %q", kind, name)
	}
}

const (
	expectName = "use letters, digits, '_' and '-', starting with a letter or '_'"
	expectVar  = "use letters, digits and '_', starting with a letter or '_'"
)
