// Package lang groups pipec's front ends. Each sub-package reads one syntax and decodes it
// into the language-neutral model (compile/model), turning its library's errors into
// diag.Diagnostics with the spec's file, line and column:
//
//   - lang/hcl decodes pipeline.hcl
//   - lang/cue decodes pipeline.cue, pipeline.json and pipeline.yaml
//   - lang/build, shared by both, maps blocks and attributes to the model; a front end
//     supplies how its syntax finds and reads them
//
// Front ends agree byte for byte: the same pipeline written in two syntaxes gives the same
// model, so the same outputs. They import only the model, expr, diag and schema packages
// and their own parsing library; they never see the compiler or a target.
package lang
