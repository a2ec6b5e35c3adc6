// Package model owns the language-neutral pipeline model: what one spec file says, after a
// front end (lang/hcl, lang/cue, ...) decoded it and before the compiler checked it.
//
// The model is faithful to the source, not resolved: names are strings, references are
// unresolved expr.Refs, defaults are not yet applied. Every node carries the diag.Range it
// came from, so every later pass can point at the user's text. Lists keep source order;
// maps are never used for anything that reaches output.
package model
