package compile

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/model"
)

// The patterns compile on first use: package initialisation runs in every pipec process,
// whatever the command, and pipec's start-up is part of every pre-commit hook's time.
var (
	// Stage, step, environment and identity names appear in references
	// (stage.NAME.outputs.KEY) and in every platform's job and step ids.
	reName = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*$`)
	})
	// Variables, inputs, outputs, matrix axes and secrets become environment variables.
	reVar = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	})
	// A pipeline's name names its output files.
	rePipeline = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9._-]*$`)
	})
	// Windows opens a device, not a file, for these names, whatever the extension: a
	// pipeline named "con" would write its workflow to the console.
	windowsDevice = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?$`)
	})
)

// IsWindowsDevice reports whether name is one Windows keeps for a device (con, aux.txt,
// LPT1): no pipeline may have it, since it names the output files.
func IsWindowsDevice(name string) bool {
	return windowsDevice().MatchString(name)
}

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

// checkVarForms reports names of one kind whose variable forms collide. A name re does
// not match is left out: it is a bad-name error already, and renaming it (-x to x)
// changes its variable form too.
func (c *checker) checkVarForms(re *regexp.Regexp, kind string, names []string, ranges []diag.Range) {
	first := map[string]int{}
	for i, n := range names {
		if !re.MatchString(n) {
			continue
		}
		f := varForm(n)
		if j, ok := first[f]; ok && names[j] != n {
			d := c.diags.Errorf(ranges[i], "name-collision", fmt.Sprintf("scripts read both as variables named after %s; rename one", f), "%s %q and %q collide", kind, names[j], n)
			d.Related = append(d.Related, diag.Note{Message: "the other one", Subject: ranges[j]})
			continue
		}
		first[f] = i
	}
}

// checkOutputForms reports two stages' outputs that reach scripts as one variable:
// stage "a"'s output "x_outputs_y" and stage "a_outputs_x"'s output "y" are both
// $PIPEC_STAGE_A_OUTPUTS_X_OUTPUTS_Y. GitLab hands a job the variables of every stage it
// needs, whether its scripts read them or not, so a job that needs both stages would
// read one stage's value for the other's output. One pass over every output.
func (c *checker) checkOutputForms() {
	type output struct {
		stage *model.Stage
		o     model.String
	}
	first := map[string]output{}
	for _, s := range c.p.Stages {
		if c.stages[s.Name] != s || !reName().MatchString(s.Name) {
			continue // a duplicate or an invalid stage: an error already
		}
		for _, o := range s.Outputs {
			if !reVar().MatchString(o.Value) {
				continue
			}
			f := varForm("stage_" + s.Name + "_outputs_" + o.Value)
			prev, ok := first[f]
			if !ok {
				first[f] = output{s, o}
				continue
			}
			if prev.stage == s {
				continue // one stage's outputs: checkVarForms says so
			}
			d := c.diags.Errorf(o.Range, "name-collision", fmt.Sprintf("both reach scripts as $PIPEC_%s, and a stage that needs both stages would read one value for the two (GitLab hands a job the outputs of every stage it needs); rename one of the stages or outputs", f), "output %q of stage %q and output %q of stage %q collide", prev.o.Value, prev.stage.Name, o.Value, s.Name)
			d.Related = append(d.Related, diag.Note{Message: "the other one", Subject: prev.o.Range})
		}
	}
}

// checkFoldedNames reports names of one kind that differ only by case, which detail
// says why they collide.
func (c *checker) checkFoldedNames(re *regexp.Regexp, kind, detail string, names []string, ranges []diag.Range) {
	first := map[string]int{}
	for i, n := range names {
		if !re.MatchString(n) {
			continue // a bad-name error already (checkVarForms)
		}
		f := strings.ToLower(n)
		if j, ok := first[f]; ok && names[j] != n {
			d := c.diags.Errorf(ranges[i], "name-collision", detail, "%s %q and %q collide", kind, names[j], n)
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
	// dropped is set when the front end reported a declaration of this kind it could
	// not read (a misspelt block name: stge "build"): what is unknown may be one of its
	// names, so references to unknown names are not reported as well.
	dropped bool
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

// unknown reports a reference to a name that was never declared. self is the name of
// the declaration the reference is written in ("" for none): it cannot be the one meant
// (a stage never needs itself), so it is neither suggested nor listed.
func (t *nameTable) unknown(c *checker, code, name string, rng diag.Range, what, self string) {
	if t.dropped {
		return
	}
	known := t.order
	if self != "" && slices.Contains(known, self) {
		known = slices.DeleteFunc(slices.Clone(known), func(n string) bool { return n == self })
	}
	detail := ""
	if s := diag.DidYouMean(name, known); s != "" {
		detail = s
	} else if len(known) > 0 {
		detail = "declared " + plural(t.kind) + ": " + diag.List(known)
	} else if self != "" && len(t.order) > 0 {
		detail = "no other " + t.kind + " is declared"
	} else {
		detail = "no " + t.kind + " is declared; declare it with " + article(t.kind) + " " + t.kind + " block"
	}
	c.diags.Errorf(rng, code, detail, "%s unknown %s %q", what, t.kind, name)
}

// plural names more than one of a kind: "stages", "matrix axes", "identities".
func plural(kind string) string {
	switch {
	case strings.HasSuffix(kind, "is"):
		return strings.TrimSuffix(kind, "is") + "es"
	case len(kind) > 1 && kind[len(kind)-1] == 'y' && !strings.ContainsRune("aeiou", rune(kind[len(kind)-2])):
		return kind[:len(kind)-1] + "ies"
	}
	return kind + "s"
}

// article is "an" before a vowel: "an environment", "an identity".
func article(kind string) string {
	if kind != "" && strings.ContainsRune("aeiou", rune(kind[0])) {
		return "an"
	}
	return "a"
}

func (c *checker) checkName(re *regexp.Regexp, kind, name string, rng diag.Range, expect string) {
	if !re.MatchString(name) {
		c.diags.Errorf(rng, "bad-name", expect, "invalid %s name %q", kind, name)
		return
	}
	c.checkNameLength(kind, name, rng)
}

// maxNameLength bounds every name. Names become YAML keys (job ids, variables), and YAML
// allows an implicit key of at most 1024 characters (GitHub's and CircleCI's parsers
// reject the file beyond that); a stage's name also grows into its deploy jobs' names,
// and GitLab allows job names of 255 characters.
const maxNameLength = 100

// MaxNameLength is the longest name of a pipeline, a stage or any other named block.
const MaxNameLength = maxNameLength

func (c *checker) checkNameLength(kind, name string, rng diag.Range) {
	if len(name) > maxNameLength {
		c.diags.Errorf(rng, "name-too-long", fmt.Sprintf("names have at most %d characters: they become job ids and YAML keys", maxNameLength),
			"%s name of %d characters", kind, len(name))
	}
}

const (
	// ASCII letters: "use letters" left users looking for the character that was not
	// one, when it was a letter (ü) that no platform takes in an id.
	expectName = "use ASCII letters, digits, '_' and '-', starting with an ASCII letter or '_'"
	expectVar  = "use ASCII letters, digits and '_', starting with an ASCII letter or '_'"
)

// maxKeyLength bounds a native block's keys. YAML allows an implicit key of at most 1024
// characters as written, and a quoted key with escapes is up to six times longer than
// its text.
const maxKeyLength = 160

// checkNativeKeys reports the keys of a native block, at any depth, that no target can
// write as a YAML key meaning the same: the YAML writer writes keys plainly where it can
// and quotes some, but a key that is too long, holds a line break (YAML 1.1 loaders also
// break lines at U+0085, U+2028 and U+2029) or another control character, is "<<" (a
// merge key to YAML 1.1 loaders, GitLab's and CircleCI's), starts with "?" (an explicit
// key) or reads as a number to YAML 1.1 cannot be written so.
func (c *checker) checkNativeKeys(v *model.Value) {
	if v == nil {
		return
	}
	for _, e := range v.Map {
		if why := badKey(e.Key); why != "" {
			c.diags.Errorf(e.KeyRange, "bad-native-key", why+"; a native key is a key of the platform's YAML", "native key %q cannot be written as YAML", e.Key)
		}
		c.checkNativeKeys(e.Value)
	}
	for _, el := range v.List {
		c.checkNativeKeys(el)
	}
}

// yaml11Number matches keys a YAML 1.1 loader reads as numbers: integers in any base
// with _ or , (1_000, 0x1F, 0o17, 1,000), floats with exponents or dots, base-60 (1:30),
// .inf and .nan.
var yaml11Number = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^[-+]?(` +
		`0b[01_]+|0o?[0-7_]+|0x[0-9a-fA-F_]+|[0-9][0-9_,]*(:[0-5]?[0-9])*(\.[0-9_]*)?([eE][-+]?[0-9]+)?` +
		`|\.[0-9_]+([eE][-+]?[0-9]+)?|\.(inf|Inf|INF)` + `)$|^\.(nan|NaN|NAN)$`)
})

func badKey(k string) string {
	switch {
	case len(k) > maxKeyLength:
		return fmt.Sprintf("it has %d bytes, more than %d", len(k), maxKeyLength)
	case !utf8.ValidString(k):
		return "it is not valid UTF-8"
	case k == "<<":
		return "YAML 1.1 loaders read it as a merge key"
	case strings.HasPrefix(k, "?"):
		return `YAML reads a leading "?" as an explicit key`
	case yaml11Number().MatchString(k):
		return "YAML 1.1 loaders read it as a number"
	}
	for _, r := range k {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == 0x2028 || r == 0x2029 || r == 0xfeff {
			return fmt.Sprintf("it holds the control or line-break character %U", r)
		}
	}
	return ""
}
