// Package build owns the mapping from the language's names to the model: which block and
// attribute of a spec fills which field of compile/model. The front ends (lang/hcl,
// lang/cue) share it, so a name the language gains reaches the model from every syntax or
// from none; each front end supplies only what differs between syntaxes: how a body's
// attributes and blocks are found and checked against the schema, and how one attribute's
// value is read.
//
// It imports the model, expr, diag and schema packages only.
package build
