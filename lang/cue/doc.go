// Package cue is pipec's front end for specs written in CUE (pipeline.cue, or a CUE
// package of several files), JSON (pipeline.json) and YAML (pipeline.yaml): the same tree
// as the HCL language, with each labeled block a struct keyed by its label
// (`stage: test: step: install: run: "..."`), references and `when` conditions as strings
// with the HCL syntax (`"${ci.commit_sha}"`, `"ci.branch == \"main\""`).
//
// It owns reading those three syntaxes through cuelang.org/go (CUE's parser and its JSON
// and YAML encoders, so every value keeps its file, line and column), unifying the result
// with the language's CUE schema (schema.CUE, built once) so that CUE reports shape errors
// itself, turning CUE's errors into pipec diagnostics, and decoding the evaluated value
// into the same model.Pipeline the HCL front end builds. The decoder walks the pipeline
// body by the language's one shape (package schema) and reports what it finds with the
// HCL front end's codes and wording, so a spec gives the same diagnostics in every
// syntax; CUE's own errors are kept where the decoder has nothing to say about the same
// value (conflicting values, incomplete values).
//
// It also owns the canonical layout of those files (for `pipec fmt`): FormatCUE prints a
// CUE file as `cue fmt` does, comments kept; FormatJSON re-indents JSON, keys and values
// as written. YAML has no formatter here: none keeps every comment and block scalar as
// the user wrote them.
//
// Order: fields keep the order they are written in (CUE evaluates a struct's fields in
// declaration order; JSON and YAML maps keep document order), and that order is the
// order of steps, stages and everything else that is a list in the model.
//
// Like the HCL front end it checks shape only; names, references and meaning are the
// compiler's.
package cue
