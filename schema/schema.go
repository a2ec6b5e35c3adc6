package schema

import "slices"

// Type is the shape of an attribute's value.
type Type string

const (
	String     Type = "string"           // plain text, no interpolation
	Template   Type = "template"         // text that may interpolate ${references}
	Bool       Type = "bool"             //
	Int        Type = "int"              //
	Duration   Type = "duration"         // "30m", "4h", "1h30m", "7d"
	StringList Type = "list(string)"     //
	IntList    Type = "list(int)"        //
	Env        Type = "map(template)"    // NAME = value; a bare reference (secret.x) is a template
	Runner     Type = "runner"           // a class name or a list of labels
	Condition  Type = "condition"        // a `when` expression: a string, or true or false
	Value      Type = "value"            // any literal scalar
	Axes       Type = "map(list(value))" // matrix axes
	Cells      Type = "list(map(value))" // matrix include/exclude
	Any        Type = "any"              // a native block's raw values
)

// Attr is one attribute a body may set.
type Attr struct {
	Name     string
	Type     Type
	Required bool
	Doc      string
	// Enum is the closed set of values a String (or a Runner given as one string) may
	// take. Only the JSON Schema lists them, so an editor offers them and flags a typo;
	// the compiler reports another value with its own rule and a "did you mean", and the
	// CUE schema stays as silent as the decoder (TestSchemaSkippedOnlyWhenSilent).
	Enum []string
	// The compiler's fixed rules for the values, which the JSON Schema states too so
	// that an editor flags what pipec generate would refuse; like Enum, the JSON Schema
	// only. Pattern is the pattern of a String or a Template, of each item of a StringList, and of
	// each key of an Env, Axes or Cells value. Min and Max bound an Int, or each item of
	// an IntList. MinItems is the fewest items of a list (a runner's labels), or of each
	// axis of an Axes value. TestJSONSchemaRulesMatchCompiler holds each to the compiler.
	Pattern  string
	Min, Max *int
	MinItems int
	// MinKeys is the fewest keys of a map value (a matrix's axes), JSON Schema only.
	MinKeys int
	// Unique: a list's items are all different (needs, outputs, ports), JSON Schema only.
	Unique bool
}

// Block is one kind of nested block a body may hold.
type Block struct {
	Name string
	// Label names the block's one label ("name", "kind", "target"); "" for no label.
	Label string
	// Labels is the closed set of labels the block may have (strategy kinds, targets);
	// the JSON Schema only, as for Attr.Enum.
	Labels []string
	// Single blocks appear at most once in their body.
	Single bool
	// Required blocks appear at least once. Only the JSON Schema says so: the compiler
	// reports a missing one with its own rule (empty-pipeline for stages, empty-stage for
	// steps, missing-trigger for on, missing-pipeline), and the CUE schema stays as silent
	// as the decoder (TestSchemaSkippedOnlyWhenSilent).
	Required bool
	// Only: a labeled block appears at most once, and the front ends report a second one
	// with their own rule (multiple-pipelines), not as a repeated Single block; the JSON
	// Schema only.
	Only bool
	// LabelPattern is the compiler's rule for the label (a name); the JSON Schema only,
	// as for Attr.Pattern.
	LabelPattern string
	Body         *Body
	Doc          string
}

// Body is what a file or a block may contain. Names are listed in documentation order,
// which is also the order "did you mean" prefers on ties.
type Body struct {
	// Name names the body's definition in the generated schemas (#Stage, $defs/Stage).
	Name   string
	Attrs  []Attr
	Blocks []Block
	// AnyAttrs marks a native block: every attribute name is the user's, kept as written.
	AnyAttrs bool
	// OneBlock: the body gives at least one of its blocks, a labeled one with a label (a
	// trigger of on: an empty schedule map is none); the JSON Schema only, as Required.
	OneBlock bool
}

// Attr finds an attribute by name.
func (b *Body) Attr(name string) (Attr, bool) {
	for _, a := range b.Attrs {
		if a.Name == name {
			return a, true
		}
	}
	return Attr{}, false
}

// Block finds a block type by name.
func (b *Body) Block(name string) (Block, bool) {
	for _, bl := range b.Blocks {
		if bl.Name == name {
			return bl, true
		}
	}
	return Block{}, false
}

// BlockWithAttr finds the first block type whose body sets the attribute name: the block
// an attribute written one level too high belongs in (`run` in a stage, in a step).
func (b *Body) BlockWithAttr(name string) (Block, bool) {
	for _, bl := range b.Blocks {
		if bl.Body == nil || bl.Body.AnyAttrs {
			continue
		}
		if _, ok := bl.Body.Attr(name); ok {
			return bl, true
		}
	}
	return Block{}, false
}

// NamedMap finds the required attribute of b whose value maps names the user chooses to
// lists (a matrix's axes): in such a body an unknown attribute that is no typo is most
// likely one of those names written one level too high (`matrix { region = [...] }`).
func (b *Body) NamedMap() (Attr, bool) {
	for _, a := range b.Attrs {
		if a.Required && a.Type == Axes {
			return a, true
		}
	}
	return Attr{}, false
}

// AttrNames lists the attribute names in order.
func (b *Body) AttrNames() []string {
	out := make([]string, len(b.Attrs))
	for i, a := range b.Attrs {
		out[i] = a.Name
	}
	return out
}

// Required lists the required attribute names in order.
func (b *Body) Required() []string {
	var out []string
	for _, a := range b.Attrs {
		if a.Required {
			out = append(out, a.Name)
		}
	}
	return out
}

// BlockNames lists the block names in order.
func (b *Body) BlockNames() []string {
	out := make([]string, len(b.Blocks))
	for i, bl := range b.Blocks {
		out[i] = bl.Name
	}
	return out
}

// Homes lists the names of the block types whose body has an attribute (block false) or a
// block (block true) called name, anywhere in the language but in the body not: where a
// name written in the wrong block belongs (`verify` in a strategy belongs in a stage,
// `environment` in a step too). Names come in documentation order, each once; a native
// block, whose every name is the user's, is no home.
func Homes(name string, block bool, not *Body) []string {
	var out []string
	seen := map[*Body]bool{}
	var walk func(b *Body)
	walk = func(b *Body) {
		if b == nil || seen[b] {
			return
		}
		seen[b] = true
		for _, bl := range b.Blocks {
			if bl.Body == nil || bl.Body.AnyAttrs {
				continue
			}
			_, hasAttr := bl.Body.Attr(name)
			_, hasBlock := bl.Body.Block(name)
			if bl.Body != not && (block && hasBlock || !block && hasAttr) && !slices.Contains(out, bl.Name) {
				out = append(out, bl.Name)
			}
			walk(bl.Body)
		}
	}
	walk(File)
	return out
}
