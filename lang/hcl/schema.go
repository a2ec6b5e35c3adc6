package hcl

import (
	"fmt"
	pschema "github.com/pipec-dev/pipec/schema"
	"slices"
	"sort"
	"strings"

	hclv2 "github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/lang/build"
)

// schema says what one kind of body may contain. Names are listed in documentation order:
// they feed "did you mean" (ties go to the earlier name) and the lists in details.
type schema struct {
	from     *pschema.Body
	attrs    []string
	required []string
	blocks   []blockType
	anyAttrs bool // a native block: every attribute name is the user's
}

// blockType is one block a body may contain.
type blockType struct {
	name   string
	label  string // what the one label names ("name", "target", "kind"); "" for no label
	single bool   // may appear at most once
}

// fromSchema takes a body's shape from the language's one source of truth.
func fromSchema(b *pschema.Body) schema {
	s := schema{from: b, required: b.Required(), anyAttrs: b.AnyAttrs}
	for _, name := range b.AttrNames() {
		// A name HCL cannot spell ("$schema", for editors of JSON and YAML specs) is no
		// attribute of HCL's, nor a "did you mean".
		if spellable(name) {
			s.attrs = append(s.attrs, name)
		}
	}
	for _, bl := range b.Blocks {
		s.blocks = append(s.blocks, blockType{name: bl.Name, label: bl.Label, single: bl.Single})
	}
	return s
}

// spellable reports whether HCL can write name as an attribute. The schema's names are
// ASCII, which a byte loop decides; hclsyntax.ValidIdentifier runs HCL's whole lexer
// (Unicode segmentation included) on each name, and this table is built in every pipec
// process's package initialisation, whatever the command.
func spellable(name string) bool {
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_':
		case i > 0 && (c >= '0' && c <= '9' || c == '-'):
		case c >= 0x80:
			return hclsyntax.ValidIdentifier(name)
		default:
			return false
		}
	}
	return name != ""
}

func (s *schema) block(name string) (blockType, bool) {
	for _, b := range s.blocks {
		if b.name == name {
			return b, true
		}
	}
	return blockType{}, false
}

// blockWithAttr is the block type of this body that sets the attribute name.
func (s *schema) blockWithAttr(name string) (blockType, bool) {
	if s.from == nil || s.anyAttrs {
		return blockType{}, false
	}
	if bl, ok := s.from.BlockWithAttr(name); ok {
		return s.block(bl.Name)
	}
	return blockType{}, false
}

// homes lists the blocks elsewhere in the language that take name (see schema.Homes).
func (s *schema) homes(name string, block bool) []string {
	if s.from == nil || s.anyAttrs {
		return nil
	}
	return pschema.Homes(name, block, s.from)
}

// namedMap is the attribute whose keys unknown attributes of the body probably are (see
// schema.Body.NamedMap).
func (s *schema) namedMap() (pschema.Attr, bool) {
	if s.from == nil || s.anyAttrs {
		return pschema.Attr{}, false
	}
	return s.from.NamedMap()
}

func (s *schema) blockNames() []string {
	names := make([]string, len(s.blocks))
	for i, b := range s.blocks {
		names[i] = b.name
	}
	return names
}

// content checks body against s and returns its allowed attributes and well-formed
// blocks, both in source order. owner is the block the body belongs to (nil for the file)
// and names it in messages. It reports unknown names, missing required attributes, wrong
// label counts and repeated singleton blocks; a block without its label is dropped, every
// other problem keeps what can still be decoded.
func (d *decoder) content(body *hclsyntax.Body, owner *hclsyntax.Block, s *schema) ([]*hclsyntax.Attribute, []*hclsyntax.Block) {
	where := describe(owner)
	in := d.toRange(body.SrcRange)
	if owner != nil {
		in = d.BlockRange(owner)
	}
	attrs := sortedAttributes(body)
	var kept []*hclsyntax.Attribute
	var typos []string // the names unknown attributes are probably typos of
	var synonyms []*diag.Diagnostic
	for _, a := range attrs {
		if s.anyAttrs || slices.Contains(s.attrs, a.Name) {
			kept = append(kept, a)
			continue
		}
		dd := d.errorf(a.NameRange, "unknown-attribute", d.unknownAttrDetail(a.Name, where, s),
			"unknown attribute %q in %s", a.Name, where)
		if _, isBlock := s.block(a.Name); isBlock {
			// `step = {...}`: the block is there, written as an attribute; the
			// checker must not report it absent as well.
			dd.Misspelling = &diag.Misspelling{Name: a.Name, In: in}
		} else if bt, ok := s.blockWithAttr(a.Name); ok {
			// `run` in a stage: the step it belongs in is not absent either.
			dd.Misspelling = &diag.Misspelling{Name: bt.name, In: in}
		} else if m := misspelling(a.Name, s.attrs, in); m != nil {
			dd.Misspelling = m
			typos = append(typos, m.Name)
		} else if nm, ok := s.namedMap(); ok {
			// `matrix { region = [...] }`: the axes are written, one level too high;
			// neither they nor what refers to them are absent.
			dd.Misspelling = &diag.Misspelling{Name: nm.Name, In: in}
			typos = append(typos, nm.Name)
		} else {
			// Close to no name: a synonym (`schedule` for `cron`) of any of them.
			dd.Misspelling = &diag.Misspelling{Any: s.attrs, In: in}
			synonyms = append(synonyms, dd)
		}
	}
	var unset []string
	for _, name := range s.required {
		// "rnu" was reported with did you mean "run": "run" missing says it again.
		if body.Attributes[name] == nil && !slices.Contains(typos, name) {
			unset = append(unset, name)
		}
	}
	if !build.SynonymOfRequired(synonyms, where, unset) {
		for _, name := range unset {
			d.errorf(ownerRange(owner, body), "missing-attribute",
				fmt.Sprintf("%s must set %q", where, name), "missing attribute %q in %s", name, where)
		}
	}
	return kept, d.blocks(body, where, s, in)
}

// misspelling is the known name an unknown one is probably a typo of, in the body of
// the block at in; nil when none is close.
func misspelling(name string, known []string, in diag.Range) *diag.Misspelling {
	if s := diag.Suggest(name, known); s != "" {
		return &diag.Misspelling{Name: s, In: in}
	}
	return nil
}

// blocks is content's half for nested blocks.
func (d *decoder) blocks(body *hclsyntax.Body, where string, s *schema, in diag.Range) []*hclsyntax.Block {
	var kept []*hclsyntax.Block
	first := map[string]*hclsyntax.Block{}
	for _, b := range body.Blocks {
		bt, ok := s.block(b.Type)
		if !ok {
			dd := d.errorf(b.TypeRange, "unknown-block", d.unknownBlockDetail(b.Type, where, s),
				"unknown block %q in %s", b.Type, where)
			if !slices.Contains(s.attrs, b.Type) {
				dd.Misspelling = misspelling(b.Type, s.blockNames(), in)
			} else if full := build.Abbreviated(b.Type, s.blockNames()); full != "" {
				// env "production" { ... }: an environment, under the name of the
				// attribute env; it is not absent where a stage deploys to it.
				header := full
				if len(b.Labels) > 0 {
					header = fmt.Sprintf("%s %q", full, b.Labels[0])
				}
				dd.Detail += fmt.Sprintf("; to declare %s %s, write %s { ... }", article(full), full, header)
				dd.Misspelling = &diag.Misspelling{Name: full, In: in}
			}
			if dd.Misspelling == nil && len(s.homes(b.Type, true)) > 0 {
				// `switch` in a strategy: the stage's switch steps were written, one
				// block too deep; the checker must not report them absent as well.
				dd.Misspelling = &diag.Misspelling{Name: b.Type, In: in}
			}
			if dd.Misspelling == nil && len(s.blocks) > 0 {
				// Close to no block name (`dispatch` for `manual`, `env "x"` for
				// `environment "x"`): what it declares may be any block's.
				dd.Misspelling = &diag.Misspelling{Any: s.blockNames(), In: in}
			}
			continue
		}
		if !d.labelsOK(b, bt, in) {
			continue
		}
		if bt.single {
			if f := first[b.Type]; f != nil {
				dd := d.errorf(b.DefRange(), "duplicate-block",
					fmt.Sprintf("%s takes one %q block; merge them", where, b.Type),
					"duplicate %q block in %s", b.Type, where)
				d.firstHere(dd, f.DefRange())
				continue
			}
			first[b.Type] = b
		}
		kept = append(kept, b)
	}
	return kept
}

// labelsOK reports a wrong number of labels. A block missing its label cannot be decoded
// (it has no name); one with extra labels is still decoded with its first. A dropped
// block is recorded as a misspelling of its own name in the body of the block at in, so
// that the checker does not report it absent as well ("stage has no steps").
func (d *decoder) labelsOK(b *hclsyntax.Block, bt blockType, in diag.Range) bool {
	switch {
	case bt.label == "" && len(b.Labels) > 0:
		d.errorf(b.LabelRanges[0], "extra-label", fmt.Sprintf("write %s { ... }", b.Type),
			"%s block takes no label", b.Type)
	case bt.label != "" && len(b.Labels) == 0:
		dd := d.errorf(b.DefRange(), "missing-label", fmt.Sprintf("write %s \"%s\" { ... }", b.Type, strings.ToUpper(bt.label)),
			"%s block needs a %s", b.Type, bt.label)
		dd.Misspelling = &diag.Misspelling{Name: b.Type, In: in}
		return false
	case bt.label != "" && len(b.Labels) > 1:
		d.errorf(b.LabelRanges[1], "extra-label", fmt.Sprintf("write %s \"%s\" { ... }", b.Type, strings.ToUpper(bt.label)),
			"%s block takes one label, its %s", b.Type, bt.label)
	}
	return true
}

func (d *decoder) unknownAttrDetail(name, where string, s *schema) string {
	if s.from != nil {
		if h := build.ForeignHint(s.from.Name, name); h != "" {
			return h
		}
	}
	if bt, isBlock := s.block(name); isBlock {
		return fmt.Sprintf("%q is a block here: write %s { ... }", name, blockHeader(bt))
	}
	if bt, ok := s.blockWithAttr(name); ok {
		return fmt.Sprintf("%q is set in a %s block: write %s { %s = ... }", name, bt.name, blockHeader(bt), name)
	}
	if dym := diag.DidYouMean(name, s.attrs); dym != "" {
		return dym
	}
	if nm, ok := s.namedMap(); ok {
		return fmt.Sprintf("if %q is one of the %s, write it inside %s: %s = { %s = [...] }", name, nm.Name, nm.Name, nm.Name, name)
	}
	if h := build.HomeHint(name, s.homes(name, false), where); h != "" {
		return h
	}
	if len(s.attrs) == 0 {
		return fmt.Sprintf("%s takes no attributes", where)
	}
	return fmt.Sprintf("%s accepts %s", where, diag.List(s.attrs))
}

func (d *decoder) unknownBlockDetail(name, where string, s *schema) string {
	if slices.Contains(s.attrs, name) {
		return fmt.Sprintf("%q is an attribute here: write %s = ...", name, name)
	}
	if dym := diag.DidYouMean(name, s.blockNames()); dym != "" {
		return dym
	}
	if h := build.HomeHint(name, s.homes(name, true), where); h != "" {
		return h
	}
	if s.anyAttrs {
		return "write nested keys as a map: NAME = { ... }"
	}
	if len(s.blocks) == 0 {
		return fmt.Sprintf("%s takes no blocks", where)
	}
	return fmt.Sprintf("%s accepts the blocks %s", where, diag.List(s.blockNames()))
}

// blockHeader is how a block of type bt opens: `step "NAME"`, `matrix`.
func blockHeader(bt blockType) string {
	if bt.label == "" {
		return bt.name
	}
	return fmt.Sprintf("%s %q", bt.name, strings.ToUpper(bt.label))
}

// sortedAttributes lists a body's attributes in source order. Body.Attributes is a map:
// without sorting, output and diagnostics would change from run to run.
func sortedAttributes(body *hclsyntax.Body) []*hclsyntax.Attribute {
	out := make([]*hclsyntax.Attribute, 0, len(body.Attributes))
	for _, a := range body.Attributes {
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].SrcRange.Start.Byte < out[j].SrcRange.Start.Byte })
	return out
}

// describe names a block in messages: `stage "build"`, `matrix`, or `the file`.
func describe(b *hclsyntax.Block) string {
	switch {
	case b == nil:
		return "the file"
	case len(b.Labels) > 0:
		return fmt.Sprintf("%s %q", b.Type, b.Labels[0])
	}
	return b.Type
}

// ownerRange is where a missing attribute is reported: the block's header.
func ownerRange(owner *hclsyntax.Block, body *hclsyntax.Body) hclv2.Range {
	if owner == nil {
		return body.SrcRange
	}
	return owner.DefRange()
}

// article is "a" or "an", for name.
func article(name string) string {
	if name != "" && strings.ContainsRune("aeiou", rune(name[0])) {
		return "an"
	}
	return "a"
}
