// Package build owns the mapping from the language's names to the model: which block and
// attribute of a spec fills which field of compile/model. The front ends (lang/hcl,
// lang/cue) share it, so a name the language gains reaches the model from every syntax or
// from none; each front end supplies only what differs between syntaxes: how a body's
// attributes and blocks are found and checked against the schema, and how one attribute's
// value is read.
//
// A front end whose Reader is also a Forker gets a large pipeline's stages read on every
// core (parallel.go), with the same model and diagnostics as one block after another.
//
// It imports the model, expr, diag and schema packages, and internal/par.
package build
