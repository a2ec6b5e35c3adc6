// Package pipec holds only repository-wide tests: the golden tests over testdata/, the
// conformance tests that run the platforms' own parsers and runners (../shared/oracles)
// on the golden outputs, and the layering test that keeps imports in line with the
// architecture. The compiler lives in the sub-packages; the command is cmd/pipec.
package pipec
