// Package expr owns the small languages inside a spec's values: references
// (`ci.commit_sha`, `stage.check-drift.outputs.should_retrain`), string templates that
// interpolate them (`"python:${matrix.python}-slim"`), and `when` expressions
// (`ci.branch == "main" && !input.dry_run`).
//
// Both front ends share these parsers: HCL hands over the source text of an expression,
// CUE, JSON and YAML hand over a string with the same syntax. Names in a segment after the
// first may contain '-' (stage names do), which is why pipec parses these itself instead
// of evaluating them as HCL, where `check-drift` would be a subtraction.
//
// It also decides what needs no platform: whether a name matches a filter glob, and the
// parts of a condition that read matrix values alone, for one cell of a matrix.
package expr
