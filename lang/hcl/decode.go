package hcl

import (
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/pipec-dev/pipec/compile/model"
	"github.com/pipec-dev/pipec/lang/build"
	pschema "github.com/pipec-dev/pipec/schema"
)

// This file finds the pipeline block; lang/build maps its blocks and attributes to the
// model, reading them through reader.go.

var fileSchema = fromSchema(pschema.File)

// file finds the one pipeline block.
func (d *decoder) file(body *hclsyntax.Body) *model.Pipeline {
	_, blocks := d.content(body, nil, &fileSchema)
	if len(blocks) == 0 {
		// A pipeline without its name, or a misspelled one, was reported already.
		if !hasBlock(body, "pipeline") && !d.diags.Misspelled("pipeline") {
			d.diags.Errorf(fileStart(d.filename), "missing-pipeline",
				`a spec holds one pipeline "NAME" { ... } block`, "no pipeline block in the file")
		}
		return nil
	}
	for _, extra := range blocks[1:] {
		dd := d.errorf(extra.DefRange(), "multiple-pipelines",
			"a spec holds exactly one pipeline; put each pipeline in its own file",
			"more than one pipeline block in the file")
		d.firstHere(dd, blocks[0].DefRange())
	}
	return build.Pipeline[*hclsyntax.Attribute, *hclsyntax.Block](d, blocks[0])
}

func hasBlock(body *hclsyntax.Body, typ string) bool {
	for _, b := range body.Blocks {
		if b.Type == typ {
			return true
		}
	}
	return false
}
