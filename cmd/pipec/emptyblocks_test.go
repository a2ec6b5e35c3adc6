package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/pipec-dev/pipec/lang/cue"
	"github.com/pipec-dev/pipec/schema"
)

// blockChain is a path of nested blocks from the pipeline's body down.
type blockChain []schema.Block

// chains lists every path of nested blocks in b, parents before children.
func chains(b *schema.Body, prefix blockChain) []blockChain {
	var out []blockChain
	for _, bl := range b.Blocks {
		c := append(append(blockChain{}, prefix...), bl)
		out = append(out, c)
		if bl.Body != nil && len(c) < 6 {
			out = append(out, chains(bl.Body, c)...)
		}
	}
	return out
}

// emptyValue is the empty value of each attribute type, as HCL and CUE both write it.
var emptyValue = map[schema.Type]string{
	schema.String: `""`, schema.Template: `""`, schema.Duration: `""`, schema.Runner: `""`,
	schema.Value: `""`, schema.Condition: `""`, schema.Bool: "false", schema.Int: "0",
	schema.StringList: "[]", schema.IntList: "[]", schema.Cells: "[]",
	schema.Env: "{}", schema.Axes: "{}",
}

// specs writes the pipeline holding only the chain's blocks, in HCL and in CUE: each
// block holds its child and nothing else, or with attrs, also every attribute it may
// have, each set to the empty value of its type.
func (c blockChain) specs(attrs bool) (hcl, cueSrc string) {
	var h, u strings.Builder
	h.WriteString("pipeline \"x\" {\n")
	u.WriteString("pipeline: x: {\n")
	for i, bl := range c {
		label := ""
		if bl.Label != "" {
			label = " \"x\""
		}
		fmt.Fprintf(&h, "%s%s%s {\n", strings.Repeat("  ", i+1), bl.Name, label)
		if bl.Label != "" {
			fmt.Fprintf(&u, "%s%s: x: {\n", strings.Repeat("\t", i+1), bl.Name)
		} else {
			fmt.Fprintf(&u, "%s%s: {\n", strings.Repeat("\t", i+1), bl.Name)
		}
		if !attrs || bl.Body == nil {
			continue
		}
		for _, a := range bl.Body.Attrs {
			if v, ok := emptyValue[a.Type]; ok {
				fmt.Fprintf(&h, "%s%s = %s\n", strings.Repeat("  ", i+2), a.Name, v)
				fmt.Fprintf(&u, "%s%s: %s\n", strings.Repeat("\t", i+2), a.Name, v)
			}
		}
	}
	for i := len(c); i >= 0; i-- {
		h.WriteString(strings.Repeat("  ", i) + "}\n")
		u.WriteString(strings.Repeat("\t", i) + "}\n")
	}
	return h.String(), u.String()
}

// TestEmptyBlocksReportWhereTheyAre writes every block the language has, at its place,
// without any of its attributes, and again with every attribute set to an empty value,
// and holds the whole build to what FuzzBuild checks:
// every diagnostic at a place in the spec, no crash. A required attribute left out is
// reported by the front end where its block is; the compiler's checks of that
// attribute's value must then stay silent, or they report an empty value at no place
// (FuzzBuild found two: a schedule without cron, an oidc identity without env).
func TestEmptyBlocksReportWhereTheyAre(t *testing.T) {
	all := chains(schema.Pipeline, nil)
	if len(all) < 20 {
		t.Fatalf("%d block paths in the schema; want every block the language has", len(all))
	}
	for _, c := range all {
		names := make([]string, len(c))
		for i, bl := range c {
			names[i] = bl.Name
		}
		for _, attrs := range []bool{false, true} {
			h, u := c.specs(attrs)
			t.Run(fmt.Sprintf("%s/attrs=%v", strings.Join(names, "."), attrs), func(t *testing.T) {
				checkBuild(t, []cue.File{{Name: "pipeline.hcl", Src: []byte(h)}})
				checkBuild(t, []cue.File{{Name: "pipeline.cue", Src: []byte(u)}})
			})
		}
	}
}
