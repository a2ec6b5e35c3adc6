// Command pipec compiles a CI/CD pipeline spec into native CI configuration.
//
//	pipec generate [FILE] [--target t,...] [--out DIR] [--stdout] [--quiet]
//	pipec lint [FILE...] [--format F] [--target t,...] [--fail-on S] [--config FILE]
//	pipec fmt [FILE...] [--check]
//	pipec graph [FILE] [--format mermaid|dot]
//	pipec init [DIR] [--force]
//	pipec version
//	pipec help [COMMAND]
//
// generate reads FILE (default pipeline.hcl in the current directory), checks and compiles
// it, and writes one file per target under --out (default: the spec's directory), such as
// .github/workflows/NAME.yml. Diagnostics, warnings included, go to stderr as
// `FILE:LINE:COL: error: summary [code]` with the source line and a marker under the
// culprit. When the spec has an error nothing is written. Files are written whole: each
// goes to a temporary file in its directory, then is renamed into place.
//
// fmt rewrites specs in their canonical layout (lang/hcl, lang/cue) with the same whole-file
// writes; graph prints the compiled plan as Mermaid or DOT (targets/graph); init writes a
// starter pipeline.hcl for the Go, Node, Python or Docker project it finds.
//
// Exit codes: 0 success (warnings allowed), 1 the spec has errors, 2 usage or I/O error.
//
// All of the work happens in run, which takes the arguments and the output streams, so the
// tests drive the command in-process; main only calls it.
package main
