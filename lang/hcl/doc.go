// Package hcl is pipec's HCL front end: it parses one `pipeline.hcl` with hashicorp/hcl's
// native syntax parser and decodes it into a model.Pipeline. A large spec's pipeline body
// is parsed in chunks on every core (chunks.go), from the item boundaries the nesting
// check's scan finds on its way (quicknest.go), and its decoder is a lang/build Forker, so
// a large pipeline's stages are decoded on every core too.
//
// It owns what is specific to HCL: the block and attribute grammar of the language (which
// names are allowed where, which are required, which blocks may appear once), the shape of
// each value (string, list, map, number, duration), and turning HCL's own syntax errors
// into diag diagnostics. References, templates and `when` conditions are not evaluated as
// HCL: their exact source text goes to the shared parsers in compile/expr, because
// `stage.check-drift.outputs.x` is a subtraction to HCL.
//
// It also owns HCL's canonical layout (Format, for `pipec fmt`): hclwrite's, written here
// so that the command does not link hclwrite (see layout), held to hclwrite's byte for byte
// by the tests, and checked on every run to change nothing but whitespace.
//
// It does not check meaning: names that refer to other parts, duplicate names, cron
// syntax, globs, runner classes, strategy kinds and input types are the compiler's, which
// checks them once for every front end.
package hcl
