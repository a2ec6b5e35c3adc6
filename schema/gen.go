package schema

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"
)

// The CUE schema and the JSON Schema are generated from the Body tree in language.go, and
// the generated files are checked in beside it (pipeline.cue, pipeline.schema.json) so
// editors and `cue vet` can use them without pipec. TestGenerated fails when a checked-in
// file differs from what GenerateCUE/GenerateJSON produce; `go test ./schema -update`
// rewrites them.

//go:embed pipeline.cue
var cueSchema []byte

//go:embed pipeline.schema.json
var jsonSchema []byte

// CUE is the language's CUE schema: `#File` (a spec file, embedded at the top so that a
// file unified with it is closed) and one definition per body: #Pipeline, #Stage, #Step...
func CUE() []byte { return cueSchema }

// JSONSchema is the language's JSON Schema (draft 2020-12) of a spec file, for editors
// validating pipeline.json and pipeline.yaml.
func JSONSchema() []byte { return jsonSchema }

// DurationPattern is the shape of a duration ("30m", "1h30m", "7d") both schemas check;
// the compiler checks the rest (order of units, range).
const DurationPattern = `^([0-9]+[smhdw])+$`

// DurationOrderedPattern is DurationPattern as the decoder reads it: each unit at most
// once, from largest to smallest. The JSON Schema says so; the CUE schema keeps the
// looser DurationPattern and leaves the order to the decoder's bad-duration, which says
// what is wrong. (Neither says that the total must be positive and at most a year.)
const DurationOrderedPattern = `^([0-9]+w([0-9]+d)?([0-9]+h)?([0-9]+m)?([0-9]+s)?|[0-9]+d([0-9]+h)?([0-9]+m)?([0-9]+s)?|[0-9]+h([0-9]+m)?([0-9]+s)?|[0-9]+m([0-9]+s)?|[0-9]+s)$`

// NonBlankPattern says that a text holds a character that is not white space
// (unicode.IsSpace), as a step's run must: the compiler's empty-run refuses a run that
// strings.TrimSpace leaves empty. The characters are listed, not written \s, because
// the regular expressions of JSON Schema's validators (ECMA-262, Go's) differ on \s.
const NonBlankPattern = "[^\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"

// PositiveDurationPattern says that a duration has a digit other than 0, so that its
// total is positive: "0s" and "0h0m" are refused (bad-duration).
const PositiveDurationPattern = "[1-9]"

// bodies lists every body reachable from File, each once, in the order they are first
// reached (depth first), which is the order the definitions are written in.
func bodies() []*Body {
	var out []*Body
	seen := map[*Body]bool{}
	var walk func(b *Body)
	walk = func(b *Body) {
		if seen[b] {
			return
		}
		seen[b] = true
		out = append(out, b)
		for _, bl := range b.Blocks {
			walk(bl.Body)
		}
	}
	walk(File)
	return out
}

const generatedNote = "Code generated from pipec's schema package (schema/language.go) by `go test ./schema -update`; DO NOT EDIT."

// GenerateCUE renders the CUE schema.
func GenerateCUE() []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "// %s\n", generatedNote)
	b.WriteString(`//
// The shape of a pipec spec written in CUE (pipeline.cue), JSON or YAML: the same tree as
// the HCL language, with each labeled block a struct keyed by its label. Fields in a
// struct keep the order they are written in, which is the order of steps. References and
// "when" conditions are strings. Check a spec with:
//
//	cue vet -c pipeline.cue pipeline.schema.cue
//	cue vet -c pipeline.schema.cue pipeline.yaml
//
// The embedding below closes the file: a spec holds "pipeline" and nothing else. A whole
// number may be written 3 or 3.0 (number & math.MultipleOf(1)), as JSON Schema's
// "integer" allows.

import (
	"math"
	"struct"
)

#File

`)
	for _, body := range bodies() {
		writeCUEBody(&b, body)
	}
	return b.Bytes()
}

func writeCUEBody(b *bytes.Buffer, body *Body) {
	fmt.Fprintf(b, "#%s: {\n", body.Name)
	if body.AnyAttrs {
		b.WriteString("\t// any keys, kept as written\n\t...\n}\n\n")
		return
	}
	for _, a := range body.Attrs {
		fmt.Fprintf(b, "\t// %s\n", a.Doc)
		mark := "?"
		if a.Required {
			mark = "!"
		}
		fmt.Fprintf(b, "\t%s%s: %s\n", cueLabel(a.Name), mark, cueType(a.Type))
	}
	for _, bl := range body.Blocks {
		fmt.Fprintf(b, "\t// %s\n", bl.Doc)
		var typ string
		switch {
		case bl.Label == "":
			typ = "#" + bl.Body.Name
		case bl.Single:
			typ = fmt.Sprintf("struct.MaxFields(1) & {[%s=string]: #%s}", labelAlias(bl.Label), bl.Body.Name)
		default:
			typ = fmt.Sprintf("[%s=string]: #%s", labelAlias(bl.Label), bl.Body.Name)
		}
		fmt.Fprintf(b, "\t%s?: %s\n", cueLabel(bl.Name), typ)
	}
	b.WriteString("}\n\n")
}

// labelAlias names a block's label in the schema, for readers: [Name=string].
func labelAlias(label string) string { return strings.ToUpper(label[:1]) + label[1:] }

// cueKeywords are names a CUE label must quote.
var cueKeywords = map[string]bool{"if": true, "for": true, "in": true, "let": true, "true": true, "false": true, "null": true, "import": true, "package": true}

func cueLabel(name string) string {
	if cueKeywords[name] {
		return fmt.Sprintf("%q", name)
	}
	return name
}

func cueType(t Type) string {
	switch t {
	case String, Template:
		return "string"
	case Condition:
		// when: true is the condition true, as HCL's when = true is.
		return "string | bool"
	case Duration:
		return fmt.Sprintf("string & =~%q", DurationPattern)
	case Bool:
		return "bool"
	case Int:
		return "number & math.MultipleOf(1)"
	case StringList:
		return "[...string]"
	case IntList:
		return "[...number & math.MultipleOf(1)]"
	case Env:
		return "{[string]: string | number | bool}"
	case Runner:
		return "string | [...string]"
	case Axes:
		return "{[string]: [...(string | number | bool)]}"
	case Cells:
		return "[...{[string]: string | number | bool}]"
	}
	return "_" // Value, Any
}

// GenerateJSON renders the JSON Schema.
func GenerateJSON() []byte {
	defs := map[string]any{}
	for _, body := range bodies() {
		defs[body.Name] = jsonBody(body)
	}
	root := map[string]any{
		"$schema":     "https://json-schema.org/draft/2020-12/schema",
		"$comment":    generatedNote,
		"title":       "pipec pipeline spec",
		"description": "One CI/CD pipeline for pipec, as JSON or YAML: the same tree as the HCL and CUE languages. Steps run in the order their keys are written.",
		"$ref":        "#/$defs/File",
		"$defs":       defs,
	}
	out, err := json.MarshalIndent(root, "", "  ")
	if err != nil {
		panic(err) // maps of strings and slices always marshal
	}
	return append(out, '\n')
}

func jsonBody(body *Body) map[string]any {
	if body.AnyAttrs {
		return map[string]any{"type": "object", "description": "any keys, kept as written"}
	}
	props := map[string]any{}
	var required []string
	for _, a := range body.Attrs {
		s := jsonType(a.Type)
		if a.Enum != nil {
			s = withEnum(s, a.Enum)
		}
		withRules(s, a)
		s["description"] = a.Doc
		props[a.Name] = s
		if a.Required {
			required = append(required, a.Name)
		}
	}
	for _, bl := range body.Blocks {
		ref := map[string]any{"$ref": "#/$defs/" + bl.Body.Name}
		var s map[string]any
		if bl.Label == "" {
			s = ref
		} else {
			names := map[string]any{"description": "the " + bl.Label}
			if bl.Labels != nil {
				names["enum"] = bl.Labels
			}
			if bl.LabelPattern != "" {
				names["pattern"] = bl.LabelPattern
			}
			s = map[string]any{"type": "object", "additionalProperties": ref, "propertyNames": names}
			if bl.Single || bl.Only {
				s["maxProperties"] = 1
			}
			if bl.Required {
				// An editor flags a pipeline without stages, which no platform runs.
				s["minProperties"] = 1
			}
		}
		if bl.Required {
			required = append(required, bl.Name)
		}
		s["description"] = bl.Doc
		props[bl.Name] = s
	}
	out := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
	if required != nil {
		out["required"] = required
	}
	if body.OneBlock {
		out["anyOf"] = oneOfBlocks(body)
	}
	return out
}

// oneOfBlocks says that a body gives at least one of its blocks: an unlabeled one, or a
// labeled one with at least one label.
func oneOfBlocks(body *Body) []any {
	var out []any
	for _, bl := range body.Blocks {
		given := map[string]any{"required": []string{bl.Name}}
		if bl.Label != "" {
			given["properties"] = map[string]any{bl.Name: map[string]any{"minProperties": 1}}
		}
		out = append(out, given)
	}
	return out
}

// withRules adds an attribute's Pattern, Min, Max and MinItems to its schema s, at the
// place in s each applies to (the value, a list's items, an object's keys).
func withRules(s map[string]any, a Attr) {
	bound := func(m map[string]any) {
		if a.Min != nil {
			m["minimum"] = *a.Min
		}
		if a.Max != nil {
			m["maximum"] = *a.Max
		}
	}
	switch a.Type {
	case String, Template:
		if a.Pattern != "" {
			s["pattern"] = a.Pattern
		}
	case Duration:
		// The ordered form: units from largest to smallest, each once; and a positive
		// total. (That the total is at most a year no pattern says exactly.)
		s["pattern"] = DurationOrderedPattern
		s["allOf"] = []any{map[string]any{"pattern": PositiveDurationPattern}}
	case Int:
		bound(s)
	case StringList, IntList:
		items := s["items"].(map[string]any)
		if a.Pattern != "" {
			items["pattern"] = a.Pattern
		}
		bound(items)
		if a.MinItems > 0 {
			s["minItems"] = a.MinItems
		}
		if a.Unique {
			s["uniqueItems"] = true
		}
	case Runner:
		if a.MinItems > 0 {
			s["anyOf"].([]any)[1].(map[string]any)["minItems"] = a.MinItems
		}
	case Env, Axes:
		if a.MinKeys > 0 {
			s["minProperties"] = a.MinKeys
		}
		if a.Pattern != "" {
			s["propertyNames"] = map[string]any{"pattern": a.Pattern}
		}
		if a.MinItems > 0 {
			s["additionalProperties"].(map[string]any)["minItems"] = a.MinItems
		}
	case Cells:
		if a.Pattern != "" {
			s["items"].(map[string]any)["propertyNames"] = map[string]any{"pattern": a.Pattern}
		}
	}
}

// withEnum restricts a string schema, or the string branch of a runner's, to values.
func withEnum(s map[string]any, values []string) map[string]any {
	if branches, ok := s["anyOf"].([]any); ok {
		branches[0] = map[string]any{"type": "string", "enum": values}
		return s
	}
	s["enum"] = values
	return s
}

func jsonType(t Type) map[string]any {
	str := func() map[string]any { return map[string]any{"type": "string"} }
	scalar := map[string]any{"type": []string{"string", "number", "boolean"}}
	switch t {
	case String, Template:
		return str()
	case Condition:
		return map[string]any{"type": []string{"string", "boolean"}}
	case Duration:
		return map[string]any{"type": "string", "pattern": DurationPattern}
	case Bool:
		return map[string]any{"type": "boolean"}
	case Int:
		return map[string]any{"type": "integer"}
	case StringList:
		return map[string]any{"type": "array", "items": str()}
	case IntList:
		return map[string]any{"type": "array", "items": map[string]any{"type": "integer"}}
	case Env:
		return map[string]any{"type": "object", "additionalProperties": scalar}
	case Runner:
		return map[string]any{"anyOf": []any{str(), map[string]any{"type": "array", "items": str()}}}
	case Axes:
		return map[string]any{"type": "object", "additionalProperties": map[string]any{"type": "array", "items": scalar}}
	case Cells:
		return map[string]any{"type": "array", "items": map[string]any{"type": "object", "additionalProperties": scalar}}
	}
	return map[string]any{} // Value, Any: any JSON value
}
